using System.Security.Claims;
using System.Text.Encodings.Web;
using AuthServer.Core.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Api;

/// <summary>
/// Bearer access tokens for our API (RFC 6750, RFC 9068), with the exact outcomes of SPEC §5:
/// <c>InvalidAccessToken</c>, <c>AccessTokenExpired</c>, <c>AccessTokenRevoked</c>, <c>AccountSuspended</c>
/// (401) and <c>InsufficientScope</c> (403), each as problem+json with a <c>WWW-Authenticate: Bearer</c> header.
/// Validation is local: signature against the published keys, issuer, audience, <c>typ</c>, expiry on the
/// injected clock, then the in-memory revocation rules and suspended accounts. No database read per request.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenParameters parameters,
    TokenLedger ledger,
    SuspendedAccounts suspended,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";

    /// <summary>401: an operator suspended the token's account, or the account that owns its client (SPEC §5).</summary>
    public const string AccountSuspendedCode = "AccountSuspended";
    private const string FailureCodeItem = "authserver:token_failure";
    private static readonly JsonWebTokenHandler Tokens = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("InvalidAccessToken", "No bearer access token was sent.");
        }

        var token = header["Bearer ".Length..].Trim();
        var issuer = parameters.For(Request);
        if (!issuer.TryGetChecked(token, out var checkedToken))
        {
            var result = await Tokens.ValidateTokenAsync(token, issuer.Parameters);
            if (!result.IsValid)
            {
                return Fail("InvalidAccessToken", "The access token is malformed, not signed by this server, or for another issuer or audience.");
            }

            checkedToken = issuer.Remember(token, CheckedAccessToken.From((JsonWebToken)result.SecurityToken));
        }

        if (checkedToken.ValidTo <= time.GetUtcNow().UtcDateTime)
        {
            return Fail("AccessTokenExpired", "The access token has expired: renew it or request a new one.");
        }

        if (checkedToken.AccountId is null || ledger.IsRevoked(checkedToken.FamilyId, checkedToken.SecretId, checkedToken.GrantId, checkedToken.ClientId))
        {
            return Fail("AccessTokenRevoked", "The access token has been revoked.");
        }

        // Not a revocation: the same token works again once the account is reinstated. While no account is
        // suspended this is one field read.
        if (suspended.Any && suspended.Refuses(checkedToken.AccountId, checkedToken.ClientId))
        {
            return Fail(AccountSuspendedCode, "The account this token acts for, or the account that owns its application, is suspended by the server's operators.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new AccessTokenIdentity(checkedToken, SchemeName)), SchemeName));
    }

    private AuthenticateResult Fail(string code, string message)
    {
        Context.Items[FailureCodeItem] = (code, message);
        return AuthenticateResult.Fail(message);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (code, message) = Context.Items.TryGetValue(FailureCodeItem, out var failure) && failure is (string c, string m)
            ? (c, m)
            : ("InvalidAccessToken", "No bearer access token was sent.");
        // RFC 6750 §3: no error code when no token was sent at all.
        var challenge = Request.Headers.Authorization.Count == 0
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{message}\"";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, code, "Unauthorized", message, challenge);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = Context.Items.TryGetValue(ScopeRequirementHandler.RequiredScopesItem, out var scopes) ? scopes as string : null;
        await ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "InsufficientScope", "Forbidden",
            $"The access token has none of the scopes this endpoint needs: {needed}.", $"Bearer error=\"insufficient_scope\", scope=\"{needed}\"");
    }
}
