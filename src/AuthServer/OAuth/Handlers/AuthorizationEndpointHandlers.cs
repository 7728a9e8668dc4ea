using System.Collections.Immutable;
using OpenIddict.Server.AspNetCore;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// <c>/api/auth/authorize</c> (RFC 6749 §4.1, methods 2 and 3): OpenIddict validates the request with these
/// handlers, then passes it through to the consent pages (<c>Razor/.../Consent/Authorize</c>).
/// </summary>
public static class AuthorizationEndpointHandlers
{
    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        ExtractFormRequestSafely<ExtractAuthorizationRequestContext>.Descriptor,
        ValidateProofKeyFormat.AuthorizationDescriptor,
        MatchLoopbackRedirectUriOnAnyPort.Descriptor,
    ];

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> ReplacedHandlers { get; } =
    [
        OpenIddictServerAspNetCoreHandlers.ExtractGetOrPostRequest<ExtractAuthorizationRequestContext>.Descriptor,
        OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor,
    ];
}
