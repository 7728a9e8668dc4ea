using System.Security.Claims;
using AuthServer.Core;
using AuthServer.Core.Clients;
using AuthServer.Core.Tokens;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Method 1 (SPEC §4): the account's API key gets a token for the whole account, starting a new token
/// family. Signed in from a handler, not an MVC action: nothing but OpenIddict runs on this path.
/// </summary>
public sealed class SignInClientCredentials(IOpenIddictApplicationManager applications, IOptions<AuthOptions> auth, TimeProvider time)
    : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<HandleTokenRequestContext>()
        .UseScopedHandler<SignInClientCredentials>().At(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1000);

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return;
        }

        var client = (OAuthClient)(await applications.FindByClientIdAsync(context.ClientId!, context.CancellationToken))!;
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(TokenClaims.AccountId, client.AccountId.ToString())
            .SetClaim(TokenClaims.FamilyId, Guid.NewGuid().ToString("N"))
            .SetClaim(TokenClaims.FamilyStartedAt, time.GetUtcNow().ToUnixTimeSeconds());
        if (context.Transaction.Properties.TryGetValue(TransactionProperties.SecretId, out var secretId))
        {
            identity.SetClaim(TokenClaims.SecretId, secretId!.ToString());
        }

        var requested = context.Request.GetScopes();
        identity.SetScopes(requested.IsDefaultOrEmpty ? Core.Scopes.DefaultFrom(await AllowedScopesAsync(client, context.CancellationToken)) : requested);
        identity.SetResources(TokenAudience.For(context.Options.Issuer ?? context.BaseUri!, auth.Value));
        AccessTokenDestination.SetOnAll(identity);
        context.SignIn(new ClaimsPrincipal(identity));
    }

    private async Task<IEnumerable<string>> AllowedScopesAsync(OAuthClient client, CancellationToken cancellationToken) =>
        (await applications.GetPermissionsAsync(client, cancellationToken))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..]);
}
