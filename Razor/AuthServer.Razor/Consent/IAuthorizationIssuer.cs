using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AuthServer.Razor.Consent;

/// <summary>What the user approved on the consent page.</summary>
/// <param name="GrantId">The Developer Application grant; null for an account's own API key (method 2).</param>
public sealed record ApprovedConsent(
    string UserId,
    Guid AccountId,
    IReadOnlyCollection<string> Scopes,
    Guid? GrantId,
    IReadOnlyCollection<Guid> ParticipantIds);

/// <summary>
/// Turns an approved consent into the principal OpenIddict signs in (implemented by the host, which owns
/// the token format: claims, audience, destinations).
/// </summary>
public interface IAuthorizationIssuer
{
    ClaimsPrincipal CreatePrincipal(HttpRequest request, ApprovedConsent consent);
}
