using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Reads sealed refresh tokens and codes (<see cref="SealRefreshTokensAndCodes"/>) into the principal
/// OpenIddict's own checks then run on: expiry, presenters (the client binding), the single-use ledger and
/// revocation rules after it. The kind must be one the caller expects, the key one the ring still holds (a
/// retired key opens tokens until they expire) and the issuer this server's. Anything else that is not a
/// sealed token, such as a refresh token issued as a JWE before this format, is left to OpenIddict's JWT path.
/// </summary>
public sealed class UnsealRefreshTokensAndCodes(KeyRing ring) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ValidateTokenContext>()
        .UseSingletonHandler<UnsealRefreshTokensAndCodes>().At(OpenIddictServerHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order - 500);

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is not null || !SealedToken.TryReadKind(context.Token, out var kind))
        {
            return default;
        }

        var tokenType = SealedTokenFormat.TokenTypeOf(kind);
        if (context.ValidTokenTypes.Count > 0 && !context.ValidTokenTypes.Contains(tokenType))
        {
            context.Reject(Errors.InvalidToken, "The specified token is not of the expected type.");
            return default;
        }

        var keys = ring.Current.SealingKeys;
        var parameters = context.TokenValidationParameters;
        if (!SealedToken.TryUnseal(context.Token, id => keys.GetValueOrDefault(id), out _, out var payload) ||
            SealedTokenPayload.TryRead(payload, parameters) is not { } principal)
        {
            context.Reject(Errors.InvalidToken, "The specified token is invalid.");
            return default;
        }

        if (parameters.ValidateIssuer && parameters.ValidIssuers is { } issuers && !issuers.Contains(principal.GetClaim(Claims.Private.Issuer)))
        {
            context.Reject(Errors.InvalidToken, "The issuer associated to the specified token is not valid.");
            return default;
        }

        context.Principal = principal.SetTokenType(tokenType);
        return default;
    }
}
