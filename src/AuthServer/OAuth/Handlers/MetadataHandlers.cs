using System.Collections.Immutable;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// <c>/.well-known/oauth-authorization-server</c> and <c>/.well-known/openid-configuration</c> (RFC 8414): the
/// metadata of an OAuth 2.0 server. The JWKS (<c>/.well-known/jwks.json</c>) is OpenIddict's own, from the key ring.
/// </summary>
public static class MetadataHandlers
{
    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        OAuthOnlyMetadata.Descriptor,
    ];
}
