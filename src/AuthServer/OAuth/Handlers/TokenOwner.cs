using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>The client a token was issued to: its single presenter (refresh tokens, codes) or its <c>client_id</c> (access tokens).</summary>
public static class TokenOwner
{
    public static string? Of(ClaimsPrincipal principal) => principal.GetPresenters().FirstOrDefault() ?? principal.GetClaim(Claims.ClientId);
}
