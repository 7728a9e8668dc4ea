using AuthServer.Core.Clients;
using AuthServer.Core.Participants;
using AuthServer.Core.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// A Developer Application's tokens carry what the customer's grant says now, not what it said when the
/// code was issued (SPEC §4: participant_ids rebuilt on every refresh): each code exchange and refresh
/// reloads the grant, refuses if it is gone (revoked on connected apps, or the app deleted), takes its
/// verified participants and caps the scopes at what the grant and the app still allow. Runs before the token is
/// redeemed, so a refused request burns nothing. After issuing, the grant's "last used" moves, at most
/// once a minute: refreshes, not API calls, so it costs no write on the API path.
/// </summary>
public sealed class ApplyCurrentGrant(AuthServerDbContext db, IOpenIddictApplicationManager applications, TimeProvider time) :
    IOpenIddictServerHandler<ValidateTokenRequestContext>,
    IOpenIddictServerHandler<ProcessSignInContext>
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Before the presented code or refresh token is redeemed.</summary>
    public static OpenIddictServerHandlerDescriptor ValidationDescriptor { get; } = CustomHandler.For<ValidateTokenRequestContext>()
        .AddFilter<RequireClientIdParameter>().AddFilter<RequireApplicationGrant>()
        .UseScopedHandler<ApplyCurrentGrant>().At(RedeemPresentedToken.Descriptor.Order - 500);

    /// <summary>After the tokens are issued: the grant's "last used".</summary>
    public static OpenIddictServerHandlerDescriptor SignInDescriptor { get; } = CustomHandler.For<ProcessSignInContext>()
        .AddFilter<RequireTokenRequest>().AddFilter<RequireApplicationGrant>()
        .UseScopedHandler<ApplyCurrentGrant>().At(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 2000);

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var principal = context.Request.IsAuthorizationCodeGrantType() ? context.AuthorizationCodePrincipal
            : context.Request.IsRefreshTokenGrantType() ? context.RefreshTokenPrincipal
            : null;
        if (principal?.GetClaim(TokenClaims.GrantId) is not { } claim)
        {
            return;
        }

        var grant = Guid.TryParse(claim, out var grantId)
            ? await db.Grants.AsNoTracking()
                .Where(g => g.Id == grantId && g.Client!.ClientId == context.ClientId)
                // Only verified participants: one that went back to pending or was rejected drops out of the
                // tokens here, and comes back at a later refresh once verified (it stays in the grant).
                .Select(g => new
                {
                    g.Scopes,
                    Participants = g.Participants.Where(p => p.Participant!.Status == ParticipantStatus.Verified).Select(p => p.ParticipantId).ToList(),
                })
                .SingleOrDefaultAsync(context.CancellationToken)
            : null;
        if (grant is null)
        {
            context.Reject(Errors.InvalidGrant, "The customer's grant for this application no longer exists: ask them to authorize it again.");
            return;
        }

        var client = await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken);
        var granted = grant.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var scopes = new List<string>();
        foreach (var scope in principal.GetScopes())
        {
            if (granted.Contains(scope) && client is not null &&
                await applications.HasPermissionAsync(client, Permissions.Prefixes.Scope + scope, context.CancellationToken))
            {
                scopes.Add(scope);
            }
        }

        var identity = (System.Security.Claims.ClaimsIdentity)principal.Identity!;
        identity.SetScopes(scopes);
        ParticipantClaims.Set(identity, grant.Participants);
    }

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (!Guid.TryParse(context.Principal?.GetClaim(TokenClaims.GrantId), out var grantId))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - LastUsedResolution;
        await db.Grants.Where(g => g.Id == grantId && (g.LastUsedAt == null || g.LastUsedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.LastUsedAt, now), context.CancellationToken);
    }
}
