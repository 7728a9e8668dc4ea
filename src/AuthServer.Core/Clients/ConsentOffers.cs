using AuthServer.Core.Participants;

namespace AuthServer.Core.Clients;

/// <summary>
/// Builds the consent screen's offer (beside <see cref="GrantRegistry"/>, which writes what is approved):
/// the scopes requested (none requested: the client's default, SPEC §3) that the client may carry,
/// <c>admin</c> only for the account's Admins; the account's participants with the request's
/// pre-selection and their status (only verified ones can be ticked); and the existing grant, whose scopes and
/// participants are offered ticked.
/// </summary>
public sealed class ConsentOffers(AuthServerDbContext db, ParticipantService participants)
{
    public async Task<ConsentOffer> BuildAsync(ConsentOfferRequest request, CancellationToken cancellationToken)
    {
        var wanted = request.RequestedScopes.Count == 0
            ? Scopes.DefaultFrom(request.AllowedScopes).ToHashSet(StringComparer.Ordinal)
            : request.RequestedScopes.ToHashSet(StringComparer.Ordinal);
        var isDeveloperApp = request.Client.Kind == ClientKind.DeveloperApp;
        var grant = isDeveloperApp
            ? await db.Grants.AsNoTracking()
                .Where(g => g.ApplicationId == request.Client.Id && g.AccountId == request.AccountId)
                .Select(g => new { g.Id, g.CreatedAt, g.UpdatedAt, g.Scopes, Participants = g.Participants.Select(p => p.ParticipantId).ToList() })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        var granted = grant?.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) ?? [];

        bool MayGrant(string scope) => request.IsAdmin || scope != Scopes.Admin;
        var offered = Scopes.All
            .Where(s => (wanted.Contains(s) || granted.Contains(s)) && request.AllowedScopes.Contains(s) && MayGrant(s))
            .Select(s => new OfferedScope(s, wanted.Contains(s), granted.Contains(s)))
            .ToList();
        var kept = Scopes.All.Where(s => granted.Contains(s) && request.AllowedScopes.Contains(s) && !MayGrant(s)).ToList();

        var accountParticipants = isDeveloperApp ? await participants.ListAsync(request.AccountId, cancellationToken) : [];
        var preselected = ParticipantPreselection.Match(
            accountParticipants.Select(p => new ParticipantKeys(p.Id, p.EuVatIdKey, p.RnKey, p.CountryCode)),
            request.EuVatId, request.Rn, request.CountryCode);
        var grantedParticipants = grant?.Participants.ToHashSet() ?? [];

        return new ConsentOffer(
            isDeveloperApp,
            offered,
            kept,
            AdminWithheld: wanted.Contains(Scopes.Admin) && !request.IsAdmin,
            [.. accountParticipants.Select(p => new OfferedParticipant(p.Id, p.Name, p.PeppolId, p.EuVatId, p.CountryCode,
                preselected.Contains(p.Id), grantedParticipants.Contains(p.Id), p.Status))],
            grant is null ? null : new CurrentGrant(grant.Id, grant.CreatedAt, grant.UpdatedAt));
    }
}
