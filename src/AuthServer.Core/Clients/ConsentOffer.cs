namespace AuthServer.Core.Clients;

/// <summary>
/// What the consent screen offers (SPEC §4 method 3): the scopes, the account's participants, and when the
/// account already granted the app, that grant. Everything already granted is offered ticked beside what
/// is requested, so approving a new request never silently drops what a running integration uses; the
/// user unticks what should go.
/// </summary>
/// <param name="KeptScopes">Granted scopes this user may not change (<c>admin</c>, for a Member): they stay in the grant.</param>
/// <param name="AdminWithheld">The request asked for <c>admin</c>, which only an Admin of the account may grant.</param>
public sealed record ConsentOffer(
    bool IsDeveloperApp,
    IReadOnlyList<OfferedScope> Scopes,
    IReadOnlyList<string> KeptScopes,
    bool AdminWithheld,
    IReadOnlyList<OfferedParticipant> Participants,
    CurrentGrant? Grant)
{
    /// <summary>A Developer Application acts only for verified participants: an account without any cannot approve one.</summary>
    public bool CanApprove => !IsDeveloperApp || Participants.Any(p => p.Selectable);

    /// <summary>
    /// Granted participants this screen cannot offer (pending again, or rejected): they stay in the grant, out of
    /// its tokens until verified again, as <see cref="KeptScopes"/> stay for a Member.
    /// </summary>
    public IEnumerable<Guid> KeptParticipants => Participants.Where(p => p.Granted && !p.Selectable).Select(p => p.Id);

    /// <summary>Ticked when the screen first shows: everything requested and everything already granted, that may be ticked.</summary>
    public ConsentChoice DefaultChoice => new(
        Scopes.Where(s => s.Requested || s.Granted).Select(s => s.Name).ToHashSet(StringComparer.Ordinal),
        Participants.Where(p => (p.Requested || p.Granted) && p.Selectable).Select(p => p.Id).ToHashSet());

    /// <returns>What approving <paramref name="choice"/> changes in the existing grant; null when there is none.</returns>
    public ConsentChanges? ChangesFor(ConsentChoice choice) => Grant is null ? null : new ConsentChanges(
        [.. Scopes.Where(s => !s.Granted && choice.Scopes.Contains(s.Name)).Select(s => s.Name)],
        [.. Scopes.Where(s => s.Granted && !choice.Scopes.Contains(s.Name)).Select(s => s.Name)],
        [.. Participants.Where(p => !p.Granted && choice.ParticipantIds.Contains(p.Id)).Select(p => p.Name)],
        [.. Participants.Where(p => p.Granted && p.Selectable && !choice.ParticipantIds.Contains(p.Id)).Select(p => p.Name)]);

    /// <summary>Checks a posted approval against this offer.</summary>
    public ConsentDecision Decide(IReadOnlyCollection<string> scopes, IReadOnlyCollection<Guid> participantIds)
    {
        if (scopes.Any(s => Scopes.All(o => o.Name != s)))
        {
            return Refuse("The form names a permission the application did not ask for, or one you may not grant.");
        }

        if (participantIds.Any(id => Participants.All(p => p.Id != id)))
        {
            return Refuse("The form names a participant that is not one of this account's.");
        }

        if (participantIds.Any(id => Participants.Any(p => p.Id == id && !p.Selectable)))
        {
            return Refuse("The form names a participant that is not verified: it cannot be approved until this access point's operators verify it.");
        }

        var tokenScopes = Scopes.Where(s => s.Requested && scopes.Contains(s.Name)).Select(s => s.Name).ToList();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tokenScopes.Count == 0)
        {
            errors["Scopes"] = "Choose at least one permission the application asks for, or deny.";
        }

        if (IsDeveloperApp && participantIds.Count == 0)
        {
            errors["ParticipantIds"] = "Choose at least one participant the application may act for, or deny.";
        }

        var granted = Core.Scopes.All.Where(s => scopes.Contains(s) || KeptScopes.Contains(s)).ToList();
        return new ConsentDecision(errors.Count == 0 ? ConsentDecisionOutcome.Approved : ConsentDecisionOutcome.Incomplete,
            granted, tokenScopes, [.. participantIds.Distinct()], FormErrors: errors, KeptParticipantIds: [.. KeptParticipants]);
    }

    private static ConsentDecision Refuse(string reason) => new(ConsentDecisionOutcome.Refused, [], [], [], reason);
}
