using System.Security.Claims;
using AuthServer.Core.Tokens;
using AuthServer.OAuth;
using AuthServer.Razor.Consent;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Authorization;

/// <summary>
/// What an approved consent signs in at the authorization endpoint: the code carries it, and the code
/// exchange turns it into the tokens (RedeemPresentedToken adds the family, ApplyCurrentGrant refreshes
/// a Developer Application's scopes and participants from its grant).
/// </summary>
public sealed class AuthorizationIssuer(IOptions<AuthOptions> auth) : IAuthorizationIssuer
{
    public ClaimsPrincipal CreatePrincipal(HttpRequest request, ApprovedConsent consent)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, consent.UserId)
            .SetClaim(TokenClaims.AccountId, consent.AccountId.ToString());
        identity.SetScopes(consent.Scopes);
        identity.SetResources(TokenAudience.For(TokenAudience.IssuerFor(request, auth.Value), auth.Value));
        if (consent.GrantId is { } grantId)
        {
            identity.SetClaim(TokenClaims.GrantId, grantId.ToString());
        }

        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        if (consent.GrantId is not null)
        {
            ParticipantClaims.Set(identity, consent.ParticipantIds);
        }

        return new ClaimsPrincipal(identity);
    }
}
