using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Writes JWT access tokens with <see cref="AccessTokenJwt"/> from the descriptor OpenIddict has just filled, one
/// step before its own <c>GenerateIdentityModelToken</c>, which leaves a token it finds in place; a descriptor the
/// writer declines still gets OpenIddict's token. Refresh tokens and codes are sealed, not JWTs (the filter).
/// </summary>
public sealed class WriteAccessTokenJwt : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<GenerateTokenContext>()
        .AddFilter<RequireJsonWebTokenFormat>()
        .UseSingletonHandler<WriteAccessTokenJwt>().At(OpenIddictServerHandlers.Protection.GenerateIdentityModelToken.Descriptor.Order - 1);

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context is { TokenType: TokenTypeIdentifiers.AccessToken, Token: null or "" })
        {
            context.Token = AccessTokenJwt.TryWrite(context.SecurityTokenDescriptor);
        }

        return default;
    }
}
