using AuthServer.Core.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>Which OpenIddict token types are sealed (<see cref="SealedToken"/>) rather than issued as JWTs, and under which kind.</summary>
public static class SealedTokenFormat
{
    /// <summary>The token format OpenIddict is told about, so its JWT-only steps skip these tokens.</summary>
    public const string Name = "urn:authserver:params:oauth:token-format:sealed";

    /// <returns>The sealed kind of a token type, or null for types that stay JWTs (access tokens).</returns>
    public static string? KindOf(string? tokenType) => tokenType switch
    {
        TokenTypeIdentifiers.RefreshToken => SealedToken.RefreshTokenKind,
        TokenTypeIdentifiers.Private.AuthorizationCode => SealedToken.AuthorizationCodeKind,
        _ => null,
    };

    public static string TokenTypeOf(string kind) => kind == SealedToken.RefreshTokenKind
        ? TokenTypeIdentifiers.RefreshToken
        : TokenTypeIdentifiers.Private.AuthorizationCode;
}
