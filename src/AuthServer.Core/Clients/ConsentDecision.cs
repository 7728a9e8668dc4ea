namespace AuthServer.Core.Clients;

/// <summary>What an approval amounts to, or why it is not one.</summary>
/// <param name="GrantScopes">The grant's scopes from now on: what stayed ticked, plus what this user may not change.</param>
/// <param name="TokenScopes">The scopes of this authorization's code: what the request asked for, as approved.</param>
/// <param name="ParticipantIds">The participants ticked: verified ones, which this authorization's tokens act for.</param>
/// <param name="FormErrors">Form field ("Scopes", "ParticipantIds") → what is missing.</param>
/// <param name="KeptParticipantIds">Granted participants that are not verified now: they stay in the grant, out of the tokens.</param>
public sealed record ConsentDecision(
    ConsentDecisionOutcome Outcome,
    IReadOnlyList<string> GrantScopes,
    IReadOnlyList<string> TokenScopes,
    IReadOnlyList<Guid> ParticipantIds,
    string? RefusalReason = null,
    IReadOnlyDictionary<string, string>? FormErrors = null,
    IReadOnlyList<Guid>? KeptParticipantIds = null)
{
    /// <summary>The grant's participants from now on: those ticked, and those kept.</summary>
    public IReadOnlyList<Guid> GrantParticipantIds => [.. ParticipantIds.Union(KeptParticipantIds ?? [])];
}
