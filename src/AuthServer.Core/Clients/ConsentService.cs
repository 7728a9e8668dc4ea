using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Core.Clients;

/// <summary>
/// What the consent screen (methods 2 and 3, SPEC §4) asks of the data and decides, beside
/// <see cref="GrantRegistry"/>, which keeps what is approved: the client and its owner, who may approve
/// for it, the offer (<see cref="ConsentOffers"/>) for a validated authorization request, whether a posted
/// choice amounts to an approval, and the answer written down (grant and audit, or audit alone). The page
/// only binds the form, shows what it gets here and signs in what was approved.
/// </summary>
public sealed class ConsentService(
    AuthServerDbContext db,
    IOpenIddictApplicationManager applications,
    ConsentOffers offers,
    GrantRegistry grants,
    AccountMembers members,
    AuditLog audit)
{
    /// <summary>The request's client: OpenIddict validated the request, so it is registered.</summary>
    public async Task<OAuthClient?> FindClientAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) as OAuthClient;

    /// <summary>The name of the company whose client it is, shown beside the client's own (consent phishing).</summary>
    public Task<string?> OwnerNameAsync(OAuthClient client, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().Where(a => a.Id == client.AccountId).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Whether a member of <paramref name="accountId"/> may authorize <paramref name="client"/> for it. Method 2:
    /// an account's own API key acts for that account only, so only its members may approve; a Developer
    /// Application (method 3) may be authorized for any account.
    /// </summary>
    public static bool MayApproveFor(OAuthClient client, Guid accountId) => client.Kind != ClientKind.ApiKey || client.AccountId == accountId;

    /// <summary>
    /// What the screen offers one account for a validated request: the scopes the client may carry (its
    /// registered permissions) as requested, and the participants pre-selected by the request's
    /// <c>euVatId</c>, or <c>rn</c> with <c>countryCode</c> (SPEC §4).
    /// </summary>
    public async Task<ConsentOffer> OfferAsync(OAuthClient client, OpenIddictRequest request, Guid accountId, bool isAdmin, CancellationToken cancellationToken)
    {
        var allowed = (await applications.GetPermissionsAsync(client, cancellationToken))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])
            .ToHashSet(StringComparer.Ordinal);
        return await offers.BuildAsync(new ConsentOfferRequest(client, allowed, [.. request.GetScopes()], accountId, isAdmin,
            (string?)request.GetParameter("euVatId"), (string?)request.GetParameter("rn"), (string?)request.GetParameter("countryCode")), cancellationToken);
    }

    /// <summary>The account's Admins, named on the screen when this user cannot approve without them; none otherwise.</summary>
    public async Task<IReadOnlyList<string>> AdminsToAskAsync(ConsentOffer offer, Guid accountId, bool isAdmin, CancellationToken cancellationToken) =>
        offer.CanApprove || isAdmin ? [] : await members.AdminEmailsAsync(accountId, cancellationToken);

    /// <summary>Checks a posted approval against the offer; an account that cannot approve at all is refused first.</summary>
    public static ConsentDecision Decide(ConsentOffer offer, IReadOnlyCollection<string> scopes, IReadOnlyCollection<Guid> participantIds) =>
        offer.CanApprove
            ? offer.Decide(scopes, participantIds)
            : new ConsentDecision(ConsentDecisionOutcome.Refused, [], [], [], "This account has no participant the application could act for.");

    /// <summary>
    /// Writes down an approval: a Developer Application's grant (created, or replaced on a new consent) with
    /// its audit event; for an account's own API key, which has no grant, the audit event alone.
    /// </summary>
    /// <returns>The grant's id; null for an API key.</returns>
    public async Task<Guid?> ApproveAsync(OAuthClient client, Guid accountId, string userId, ConsentOffer offer, ConsentDecision decision, string? ip,
        CancellationToken cancellationToken)
    {
        var entry = new AuditEntry(accountId, AuditActor.UserPrefix + userId, AuditActions.ConsentGranted, Target: AuditActor.ClientPrefix + client.ClientId,
            Ip: ip,
            Detail: $"client {client.ClientId}; scope: {string.Join(' ', decision.GrantScopes)}; participants: " +
                    string.Join(", ", offer.Participants.Where(p => decision.ParticipantIds.Contains(p.Id)).Select(p => $"{p.Name} ({p.PeppolId})")));
        if (offer.IsDeveloperApp)
        {
            return (await grants.UpsertAsync(client, accountId, userId, decision.GrantScopes, decision.GrantParticipantIds, entry, cancellationToken)).Id;
        }

        audit.Record(entry);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Writes down a refusal: the client goes back with <c>access_denied</c>, nothing is granted.</summary>
    public async Task DenyAsync(OAuthClient client, Guid accountId, string userId, string? ip, CancellationToken cancellationToken)
    {
        audit.Record(accountId, AuditActor.UserPrefix + userId, AuditActions.ConsentDenied, AuditActor.ClientPrefix + client.ClientId, AuditOutcome.Failure, ip);
        await db.SaveChangesAsync(cancellationToken);
    }
}
