using System.Security.Claims;
using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Tokens;
using AuthServer.Telemetry;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// The last check before a refresh token or authorization code is exchanged, once every other check has
/// passed (so a refused request never burns a token): revocation rules, the address's own rule (the /renew limits), the API-key
/// family's 30 days, then single use through the ledger. Reuse after the leeway, or any second use of a
/// code, revokes the whole family (RFC 9700 §4.14.2, RFC 6749 §4.1.2) and is audited.
/// Shared by the token endpoint's two addresses (<see cref="RedeemPresentedToken"/>, <see cref="RedeemRenewedToken"/>).
/// </summary>
public sealed class TokenRedeemer(TokenLedger ledger, SuspendedAccounts suspended, TimeProvider time, AuthServerMetrics metrics)
{
    /// <summary>SPEC §4: an API-key family ends 30 days after it started; then ask again with the secret.</summary>
    public static readonly TimeSpan ApiKeyFamilyLifetime = TimeSpan.FromDays(30);

    /// <summary>Redeems the presented code or refresh token, once <paramref name="rule"/> (the address's own check) has passed.</summary>
    public async ValueTask RedeemAsync(ValidateTokenRequestContext context, IOpenIddictApplicationManager applications, RedemptionRule? rule)
    {
        var isCode = context.Request.IsAuthorizationCodeGrantType();
        var principal = isCode ? context.AuthorizationCodePrincipal : context.RefreshTokenPrincipal;
        if (principal is null)
        {
            return;
        }

        var client = (OAuthClient)(await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken))!;
        rule?.Invoke(context, client, principal);
        if (context.IsRejected)
        {
            return;
        }

        var tokenId = principal.GetClaim(Claims.JwtId);
        var familyId = isCode ? tokenId : principal.GetClaim(TokenClaims.FamilyId);
        if (tokenId is null || familyId is null)
        {
            context.Reject(Errors.InvalidGrant, "The token is not one this server issued.");
            return;
        }

        if (ledger.IsRevoked(familyId, principal.GetClaim(TokenClaims.SecretId), principal.GetClaim(TokenClaims.GrantId), client.ClientId))
        {
            context.Reject(Errors.InvalidGrant, "The token has been revoked.");
            return;
        }

        // The client is fine (else invalid_client already), but the customer's account is suspended: its
        // tokens are refused until an operator reinstates it, and this one stays unused for then.
        if (suspended.Refuses(principal.GetClaim(TokenClaims.AccountId), null))
        {
            context.Reject(Errors.InvalidGrant, "The account this token acts for is suspended by the server's operators.");
            return;
        }

        var now = time.GetUtcNow();
        if (!isCode && client.Kind == ClientKind.ApiKey &&
            long.TryParse(principal.GetClaim(TokenClaims.FamilyStartedAt), out var startedAt) &&
            DateTimeOffset.FromUnixTimeSeconds(startedAt) + ApiKeyFamilyLifetime <= now)
        {
            context.Reject(Errors.InvalidGrant, "This token family is older than 30 days: request a new token with the client secret.");
            return;
        }

        var expiresAt = (principal.GetExpirationDate() ?? now + OpenIddictExtensions.RefreshTokenLifetime).UtcDateTime;
        var result = await ledger.RedeemAsync(tokenId, familyId, expiresAt, allowLeeway: !isCode, context.CancellationToken);
        if (result == RedemptionResult.ReuseDetected)
        {
            metrics.ReuseDetected(isCode);
            var ip = context.ClientIp();
            await ledger.RevokeAsync(RevocationKind.Family, familyId, new AuditEntry(
                client.AccountId, "client:" + client.ClientId, isCode ? "code.reuse_detected" : "refresh.reuse_detected",
                Target: "family:" + familyId, Outcome: AuditOutcome.Failure, Ip: ip,
                Detail: "Token presented again after it was redeemed; its family is revoked."), context.CancellationToken);
            context.Reject(Errors.InvalidGrant, isCode
                ? "The authorization code was already used; the tokens issued for it are revoked."
                : "The refresh token was already used; its token family is revoked.");
            return;
        }

        if (isCode)
        {
            // The exchange starts the family; its id is the code's, so a replayed code finds it.
            StartFamily(principal, familyId, now, context);
        }
    }

    private static void StartFamily(ClaimsPrincipal principal, string familyId, DateTimeOffset now, ValidateTokenRequestContext context)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.SetClaim(TokenClaims.FamilyId, familyId).SetClaim(TokenClaims.FamilyStartedAt, now.ToUnixTimeSeconds());
        identity.RemoveClaims(TokenClaims.SecretId);
        if (context.Transaction.Properties.TryGetValue(TransactionProperties.SecretId, out var secretId))
        {
            identity.SetClaim(TokenClaims.SecretId, secretId!.ToString());
        }

        foreach (var claim in identity.Claims.Where(c => c.Type is TokenClaims.FamilyId or TokenClaims.FamilyStartedAt or TokenClaims.SecretId))
        {
            claim.SetDestinations(Destinations.AccessToken);
        }
    }
}
