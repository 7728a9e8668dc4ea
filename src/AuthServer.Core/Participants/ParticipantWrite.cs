using AuthServer.Core.Validation;

namespace AuthServer.Core.Participants;

/// <summary>What became of a create or an edit.</summary>
/// <param name="RejectedClaims">
/// Other accounts' pending claims on the same peppolId, rejected because this write verified it
/// (<c>Participants:Verification=Automatic</c>); their Admins are told.
/// </param>
public sealed record ParticipantWrite(ParticipantWriteOutcome Outcome, Participant? Participant = null, FieldErrors? Errors = null,
    IReadOnlyList<RejectedClaim>? RejectedClaims = null);
