using AuthServer.Core.Operators;

namespace AuthServer.Core.Participants;

/// <summary>What became of an operator's verify or reject.</summary>
/// <param name="RejectedClaims">Verifying rejects the other accounts' pending claims on the same peppolId: these, whose Admins are told.</param>
public sealed record ParticipantStatusChange(OperatorOutcome Outcome, Participant? Participant = null, IReadOnlyList<RejectedClaim>? RejectedClaims = null)
{
    public IReadOnlyList<RejectedClaim> Rejected => RejectedClaims ?? [];
}
