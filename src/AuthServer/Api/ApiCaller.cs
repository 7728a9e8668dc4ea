using System.Security.Claims;
using AuthServer.Core;
using AuthServer.Core.Tokens;

namespace AuthServer.Api;

/// <summary>Who an API request acts as, read from its validated access token.</summary>
public sealed record ApiCaller(Guid AccountId, string ClientId, IReadOnlySet<string> Scopes, IReadOnlySet<Guid>? ParticipantIds, DateTimeOffset ExpiresAt)
{
    public const string ExpiresAtClaim = "exp";

    /// <summary><c>admin</c> implies every scope (SPEC §3).</summary>
    public bool Has(string scope) => Scopes.Contains(scope) || Scopes.Contains(Core.Scopes.Admin);

    /// <summary>A Developer Application token sees only its approved participants; an API key sees all.</summary>
    public bool MaySee(Guid participantId) => ParticipantIds is null || ParticipantIds.Contains(participantId);

    /// <summary>
    /// The account's own API key sees its pending and rejected participants too (with their status), so the
    /// owner can manage them; a Developer Application token sees verified participants only.
    /// </summary>
    public bool SeesUnverifiedParticipants => ParticipantIds is null;

    public static ApiCaller From(ClaimsPrincipal principal)
    {
        var participants = principal.FindAll(TokenClaims.ParticipantIds).Select(c => Guid.Parse(c.Value)).ToHashSet();
        return new ApiCaller(
            Guid.Parse(principal.FindFirstValue(TokenClaims.AccountId)!),
            principal.FindFirstValue(TokenClaims.ClientId)!,
            principal.FindAll("scope").Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.HasClaim(c => c.Type == TokenClaims.GrantId) ? participants : null,
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(principal.FindFirstValue(ExpiresAtClaim)!, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
