using System.Collections.Immutable;
using OpenIddict.Server.AspNetCore;

namespace AuthServer.OAuth.Handlers;

/// <summary><c>/api/auth/introspect</c> (RFC 7662): a client learns about its own tokens only.</summary>
public static class IntrospectionEndpointHandlers
{
    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        ExtractFormRequestSafely<ExtractIntrospectionRequestContext>.Descriptor,
        IntrospectOwnTokensOnly.Descriptor,
        UniformInvalidClient.IntrospectionDescriptor,
    ];

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> ReplacedHandlers { get; } =
    [
        OpenIddictServerAspNetCoreHandlers.ExtractGetOrPostRequest<ExtractIntrospectionRequestContext>.Descriptor,
        OpenIddictServerAspNetCoreHandlers.ExtractPostRequest<ExtractIntrospectionRequestContext>.Descriptor,
    ];
}
