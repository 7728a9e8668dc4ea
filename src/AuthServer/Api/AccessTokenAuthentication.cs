using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(checkedToken.Claims, SchemeName)), SchemeName));
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

    private sealed record Cache(KeySet Keys, ConcurrentDictionary<string, AccessTokenIssuer> ByIssuer);

    private Cache? _cache;

    public AccessTokenIssuer For(HttpRequest request)
    {
        var current = keys.Current;
        var cache = Volatile.Read(ref _cache);
        if (cache is null || !ReferenceEquals(cache.Keys, current))
        {
            cache = new Cache(current, new(StringComparer.Ordinal));
            Volatile.Write(ref _cache, cache);
        }

        var issuer = TokenAudience.IssuerFor(request, auth.Value).AbsoluteUri;
        if (cache.ByIssuer.TryGetValue(issuer, out var checks))
        {
            return checks;
        }

        checks = new AccessTokenIssuer(Build(issuer, current));
        if (cache.ByIssuer.Count < MaxIssuers)
        {
            cache.ByIssuer.TryAdd(issuer, checks);
        }

        return checks;
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

/// <summary>
/// One issuer's checks under one key set, and the tokens that passed them. A client sends the same access
/// token for up to an hour: its signature, issuer, audience and type are checked the first time, and the
/// exact same string is recognized afterwards (ECDSA verification was a fifth of an API call's CPU). Only
/// tokens that passed are remembered, keyed by the whole string; expiry and revocation are still checked on
/// every request, and a key rollover starts a new set.
/// </summary>
public sealed class AccessTokenIssuer(TokenValidationParameters parameters)
{
    /// <summary>Bounds memory (a few KB a token); past it the set starts over, costing one verification per token.</summary>
    private const int MaxTokens = 8192;

    private readonly ConcurrentDictionary<string, CheckedAccessToken> _checked = new(StringComparer.Ordinal);
    private int _count;

    public TokenValidationParameters Parameters { get; } = parameters;

    public bool TryGetChecked(string token, [NotNullWhen(true)] out CheckedAccessToken? checkedToken) =>
        _checked.TryGetValue(token, out checkedToken);

    public CheckedAccessToken Remember(string token, CheckedAccessToken checkedToken)
    {
        if (Interlocked.Increment(ref _count) > MaxTokens)
        {
            _checked.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        _checked[token] = checkedToken;
        return checkedToken;
    }
}

/// <summary>What the API needs of an access token that passed its checks: its claims (one per scope) and what expiry and revocation look at.</summary>
public sealed record CheckedAccessToken(Claim[] Claims, DateTime ValidTo, string? AccountId, string? FamilyId, string? SecretId, string? GrantId, string? ClientId)
{
    public static CheckedAccessToken From(JsonWebToken token)
    {
        // One claim per scope, so authorization checks are claim lookups.
        var claims = new List<Claim>();
        foreach (var claim in token.Claims)
        {
            if (claim.Type == "scope")
            {
                claims.AddRange(claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim("scope", s)));
            }
            else
            {
                claims.Add(claim);
            }
        }

        string? Value(string type) => claims.Find(c => c.Type == type)?.Value;
        return new CheckedAccessToken([.. claims], token.ValidTo, Value(TokenClaims.AccountId),
            Value(TokenClaims.FamilyId), Value(TokenClaims.SecretId), Value(TokenClaims.GrantId), Value(TokenClaims.ClientId));
    }
}
