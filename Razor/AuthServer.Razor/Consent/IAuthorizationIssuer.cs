using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AuthServer.Razor.Consent;

/// <summary>
/// Turns an approved consent into the principal OpenIddict signs in (implemented by the host, which owns
/// the token format: claims, audience, destinations).
/// </summary>
public interface IAuthorizationIssuer
{
    ClaimsPrincipal CreatePrincipal(HttpRequest request, ApprovedConsent consent);
}
