using System.Security.Claims;
using AuthServer.Core.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Api;

/// <summary>What the API needs of an access token that passed its checks: its claims (one per scope) and what expiry and revocation look at.</summary>
public sealed record CheckedAccessToken(Claim[] Claims, DateTime ValidTo, string? AccountId, string? FamilyId, string? SecretId, string? GrantId, string? ClientId)
{
    /// <summary>
    /// Who the token acts as, built once with the token rather than on every request; null only for a token
    /// without an account, which the handler refuses.
    /// </summary>
    public ApiCaller? Caller { get; private init; }

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
            Value(TokenClaims.FamilyId), Value(TokenClaims.SecretId), Value(TokenClaims.GrantId), Value(TokenClaims.ClientId))
        {
            Caller = ApiCaller.From(claims),
        };
    }
}
