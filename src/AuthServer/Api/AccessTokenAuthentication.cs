using System.Security.Claims;
using System.Text.Encodings.Web;
using AuthServer.Core.Accounts;
using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;
using AuthServer.Hosting;
using AuthServer.OAuth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

        var result = await Tokens.ValidateTokenAsync(header["Bearer ".Length..].Trim(), parameters.For(Request));
        if (!result.IsValid)
        {
            return Fail("InvalidAccessToken", "The access token is malformed, not signed by this server, or for another issuer or audience.");
        }

        var token = (JsonWebToken)result.SecurityToken;
        if (token.ValidTo <= time.GetUtcNow().UtcDateTime)
        {
            return Fail("AccessTokenExpired", "The access token has expired: renew it or request a new one.");
        }

        var claims = result.ClaimsIdentity;
        if (!claims.HasClaim(c => c.Type == TokenClaims.AccountId) ||
            ledger.IsRevoked(claims.FindFirst(TokenClaims.FamilyId)?.Value, claims.FindFirst(TokenClaims.SecretId)?.Value,
                claims.FindFirst(TokenClaims.GrantId)?.Value, claims.FindFirst(TokenClaims.ClientId)?.Value))
        {
            return Fail("AccessTokenRevoked", "The access token has been revoked.");
        }

        // Not a revocation: the same token works again once the account is reinstated. While no account is
        // suspended this is one field read.
        if (suspended.Any && suspended.Refuses(claims.FindFirst(TokenClaims.AccountId)?.Value, claims.FindFirst(TokenClaims.ClientId)?.Value))
        {
            return Fail(AccountSuspendedCode, "The account this token acts for, or the account that owns its application, is suspended by the server's operators.");
        }

        // One claim per scope, so authorization checks are claim lookups.
        var identity = new ClaimsIdentity(claims.Claims.Where(c => c.Type != "scope"), SchemeName);
        identity.AddClaims((claims.FindFirst("scope")?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim("scope", s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
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
        var needed = Context.Items.TryGetValue(ScopePolicies.RequiredScopesItem, out var scopes) ? scopes as string : null;
        await ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "InsufficientScope", "Forbidden",
            $"The access token has none of the scopes this endpoint needs: {needed}.", $"Bearer error=\"insufficient_scope\", scope=\"{needed}\"");
    }
}

/// <summary>
/// What an access token must match, built once per issuer and key set rather than per request: the
/// issuer is the request's origin unless configured, and the keys change only when the ring rolls.
/// </summary>
public sealed class AccessTokenParameters(KeyRing keys, IOptions<AuthOptions> auth)
{
    /// <summary>The Host header picks the issuer, so callers choose keys of this cache: keep it small.</summary>
    private const int MaxIssuers = 16;

    private sealed record Cache(KeySet Keys, System.Collections.Concurrent.ConcurrentDictionary<string, TokenValidationParameters> ByIssuer);

    private Cache? _cache;

    public TokenValidationParameters For(HttpRequest request)
    {
        var current = keys.Current;
        var cache = Volatile.Read(ref _cache);
        if (cache is null || !ReferenceEquals(cache.Keys, current))
        {
            cache = new Cache(current, new(StringComparer.Ordinal));
            Volatile.Write(ref _cache, cache);
        }

        var issuer = TokenAudience.IssuerFor(request, auth.Value).AbsoluteUri;
        if (cache.ByIssuer.TryGetValue(issuer, out var parameters))
        {
            return parameters;
        }

        parameters = Build(issuer, current);
        if (cache.ByIssuer.Count < MaxIssuers)
        {
            cache.ByIssuer.TryAdd(issuer, parameters);
        }

        return parameters;
    }

    private TokenValidationParameters Build(string issuer, KeySet current) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = TokenAudience.For(new Uri(issuer), auth.Value),
        IssuerSigningKeys = current.PublishedSigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidTypes = ["at+jwt"],
        // Expiry is checked on the injected clock by the handler, so it can be told apart and tested.
        ValidateLifetime = false,
    };
}
