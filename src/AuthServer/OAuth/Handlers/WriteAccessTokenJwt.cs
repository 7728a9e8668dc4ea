using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Writes JWT access tokens with <see cref="AccessTokenJwt"/> from the descriptor OpenIddict has just filled, one
/// step before its own <c>GenerateIdentityModelToken</c>, which leaves a token it finds in place; a descriptor the
/// writer declines still gets OpenIddict's token.
/// </summary>
public sealed class WriteAccessTokenJwt : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<GenerateTokenContext>()
        .UseSingletonHandler<WriteAccessTokenJwt>().At(OpenIddictServerHandlers.Protection.GenerateIdentityModelToken.Descriptor.Order - 1);

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.AccessToken && context.TokenFormat == TokenFormats.Private.JsonWebToken
            && string.IsNullOrEmpty(context.Token))
        {
            context.Token = AccessTokenJwt.TryWrite(context.SecurityTokenDescriptor);
        }

        return default;
    }
}
