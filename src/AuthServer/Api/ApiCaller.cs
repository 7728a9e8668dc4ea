using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using AuthServer.Core.Tokens;

namespace AuthServer.Api;

/// <summary>
/// Who an API request acts as, read from its validated access token. Endpoints take it as a parameter: it
/// binds itself from the request's <see cref="AccessTokenIdentity"/>, where it was built once per token.
/// </summary>
public sealed record ApiCaller(Guid AccountId, string ClientId, IReadOnlySet<string> Scopes, IReadOnlySet<Guid>? ParticipantIds, DateTimeOffset ExpiresAt)
    : IBindableFromHttpContext<ApiCaller>
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

    /// <summary>
    /// Only endpoints behind <see cref="ScopeRequirements.RequireScope"/> take a caller, and they run only
    /// for a token that passed, so a request without one is a mapping mistake, not the client's.
    /// </summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<ApiCaller?>(context.User.Identity is AccessTokenIdentity { Caller: { } caller }
            ? caller
            : throw new InvalidOperationException($"{parameter.Member.Name} takes an {nameof(ApiCaller)} but is not behind the bearer token policy (RequireScope)."));

    /// <summary>The caller a checked token's claims describe (one claim per scope); null without an account.</summary>
    internal static ApiCaller? From(IReadOnlyList<Claim> claims)
    {
        string? account = null, client = null, expires = null;
        var grant = false;
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        var participants = new HashSet<Guid>();
        foreach (var claim in claims)
        {
            switch (claim.Type)
            {
                case "scope": scopes.Add(claim.Value); break;
                case TokenClaims.ParticipantIds: participants.Add(Guid.Parse(claim.Value)); break;
                case TokenClaims.AccountId: account ??= claim.Value; break;
                case TokenClaims.ClientId: client ??= claim.Value; break;
                case TokenClaims.GrantId: grant = true; break;
                case ExpiresAtClaim: expires ??= claim.Value; break;
            }
        }

        return account is null
            ? null
            : new ApiCaller(Guid.Parse(account), client!, scopes, grant ? participants : null,
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(expires!, CultureInfo.InvariantCulture)));
    }
}
