using System.Security.Claims;
using System.Text.Json;
using AuthServer.Core.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>
/// The <c>participant_ids</c> claim of Developer Application tokens (SPEC §4): always a JSON array in
/// the JWT, even with one participant, so integrators never have to handle a bare string. One claim
/// whose value type is a JSON array gives that; JWT readers (ours included) see one claim per element.
/// </summary>
public static class ParticipantClaims
{
    public static void Set(ClaimsIdentity identity, IEnumerable<Guid> participantIds)
    {
        identity.RemoveClaims(TokenClaims.ParticipantIds);
        var claim = new Claim(TokenClaims.ParticipantIds, JsonSerializer.Serialize(participantIds.Select(id => id.ToString())),
            JsonClaimValueTypes.JsonArray);
        claim.SetDestinations(Destinations.AccessToken);
        identity.AddClaim(claim);
    }
}
