using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// The metadata document describes an OAuth 2.0 server (RFC 8414): no OpenID Connect fields, no
/// <c>openid</c> or <c>offline_access</c> scope (refresh tokens come without asking), and only the client
/// authentication methods clients can use here (SPEC §4): a secret in the Authorization header or the body,
/// or none for a public Developer Application. OpenIddict also lists <c>private_key_jwt</c>, which needs
/// client keys no client here can register.
/// </summary>
public sealed class OAuthOnlyMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<HandleConfigurationRequestContext>()
        .UseSingletonHandler<OAuthOnlyMetadata>().At(OpenIddictServerHandlers.Discovery.AttachAdditionalMetadata.Descriptor.Order + 1000);

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.Scopes.Remove(Scopes.OpenId);
        context.Scopes.Remove(Scopes.OfflineAccess);
        context.IdTokenSigningAlgorithms.Clear();
        context.SubjectTypes.Clear();
        context.Claims.Clear();
        context.PromptValues.Clear();
        context.ResponseModes.Remove(ResponseModes.Fragment);
        context.Metadata.Remove(Metadata.ClaimsParameterSupported);
        context.Metadata.Remove(Metadata.RequestParameterSupported);
        context.Metadata.Remove(Metadata.RequestUriParameterSupported);
        OnlySecrets(context.TokenEndpointAuthenticationMethods);
        context.TokenEndpointAuthenticationMethods.Add(ClientAuthenticationMethods.None);
        OnlySecrets(context.IntrospectionEndpointAuthenticationMethods);
        OnlySecrets(context.RevocationEndpointAuthenticationMethods);
        return default;
    }

    private static void OnlySecrets(ISet<string> methods)
    {
        methods.Clear();
        methods.Add(ClientAuthenticationMethods.ClientSecretBasic);
        methods.Add(ClientAuthenticationMethods.ClientSecretPost);
    }
}
