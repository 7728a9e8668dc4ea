using System.Collections.Concurrent;
using AuthServer.Core.Keys;
using AuthServer.OAuth;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Api;

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
