using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// RFC 7636 §4.1: a <c>code_verifier</c> is 43 to 128 characters of the unreserved set, so it carries at
/// least 256 bits a guesser must match; OpenIddict only compares it with the challenge, so a 3-character
/// verifier was accepted. §4.2: an S256 <c>code_challenge</c> is a base64url SHA-256, exactly 43 characters.
/// </summary>
public sealed class ValidateProofKeyFormat :
    IOpenIddictServerHandler<ValidateTokenRequestContext>,
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor TokenDescriptor { get; } = CustomHandler.For<ValidateTokenRequestContext>()
        .UseSingletonHandler<ValidateProofKeyFormat>().At(OpenIddictServerHandlers.Exchange.ValidateAuthorizationCodeParameter.Descriptor.Order + 1);

    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } = CustomHandler.For<ValidateAuthorizationRequestContext>()
        .UseSingletonHandler<ValidateProofKeyFormat>()
        .At(OpenIddictServerHandlers.Authentication.ValidateProofKeyForCodeExchangeParameters.Descriptor.Order + 1);

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var verifier = context.Request.CodeVerifier;
        if (verifier is not null && !IsUnreserved(verifier, 43, 128))
        {
            context.Reject(Errors.InvalidRequest, "The code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636 §4.1).");
        }

        return default;
    }

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        var challenge = context.Request.CodeChallenge;
        if (challenge is not null && context.Request.CodeChallengeMethod == CodeChallengeMethods.Sha256 && !IsUnreserved(challenge, 43, 43))
        {
            context.Reject(Errors.InvalidRequest, "The code_challenge must be the 43-character base64url SHA-256 of the code_verifier (RFC 7636 §4.2).");
        }

        return default;
    }

    private static bool IsUnreserved(string value, int minLength, int maxLength)
    {
        if (value.Length < minLength || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~'))
            {
                return false;
            }
        }

        return true;
    }
}
