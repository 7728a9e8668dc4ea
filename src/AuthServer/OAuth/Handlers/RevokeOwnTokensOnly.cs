using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// RFC 7009 §2.1: the server "verifies whether the token was issued to the client making the revocation
/// request. If this validation fails, the request is refused and the client is informed of the error."
/// OpenIddict's check answers <c>invalid_token</c>, which its revocation endpoint turns into a 200 as for an
/// unknown token; here another client's token is refused with <c>unauthorized_client</c> (SPEC §4).
/// </summary>
public sealed class RevokeOwnTokensOnly : IOpenIddictServerHandler<ValidateRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ValidateRevocationRequestContext>()
        .AddFilter<RequireClientIdParameter>()
        .UseSingletonHandler<RevokeOwnTokensOnly>().At(OpenIddictServerHandlers.Revocation.ValidateAuthorizedParty.Descriptor.Order);

    public ValueTask HandleAsync(ValidateRevocationRequestContext context)
    {
        if (context.GenericTokenPrincipal is { } principal && TokenOwner.Of(principal) != context.ClientId)
        {
            context.Reject(Errors.UnauthorizedClient, "The token was not issued to this client: a client may revoke only its own tokens.");
        }

        return default;
    }
}
