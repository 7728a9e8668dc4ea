using System.Collections.Immutable;
using OpenIddict.Server.AspNetCore;

namespace AuthServer.OAuth.Handlers;

/// <summary><c>/api/auth/revoke</c> (RFC 7009): a client revokes its own tokens, and with one a whole family.</summary>
public static class RevocationEndpointHandlers
{
    public static ImmutableArray<OpenIddictServerHandlerDescriptor> DefaultHandlers { get; } =
    [
        ExtractFormRequestSafely<ExtractRevocationRequestContext>.Descriptor,
        RevokeOwnTokensOnly.Descriptor,
        RevokeTokenFamily.Descriptor,
        UniformInvalidClient.RevocationDescriptor,
    ];

    public static ImmutableArray<OpenIddictServerHandlerDescriptor> ReplacedHandlers { get; } =
    [
        OpenIddictServerAspNetCoreHandlers.ExtractPostRequest<ExtractRevocationRequestContext>.Descriptor,
        OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor,
        OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor,
    ];
}
