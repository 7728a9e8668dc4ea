using AuthServer.Core.Validation;

namespace AuthServer.Core.Participants;

public enum ParticipantWriteOutcome
{
    Saved,

    /// <summary>A field breaks the rules: <see cref="ParticipantWrite.Errors"/> names each one.</summary>
    Invalid,

    /// <summary>
    /// The peppolId is held by a verified participant (of any account), or already by another participant of the
    /// same account, in any spelling.
    /// </summary>
    PeppolIdTaken,
}

/// <summary>What became of a create or an edit.</summary>
/// <param name="RejectedClaims">
/// Other accounts' pending claims on the same peppolId, rejected because this write verified it
/// (<c>Participants:Verification=Automatic</c>); their Admins are told.
/// </param>
public sealed record ParticipantWrite(ParticipantWriteOutcome Outcome, Participant? Participant = null, FieldErrors? Errors = null,
    IReadOnlyList<RejectedClaim>? RejectedClaims = null);

