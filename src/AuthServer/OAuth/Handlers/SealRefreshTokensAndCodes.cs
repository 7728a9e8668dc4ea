using System.Security.Claims;
using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Refresh tokens and authorization codes are sealed (<see cref="SealedToken"/>, AES-256-GCM under the
/// managed encryption key) instead of being issued as ES256-signed JWTs wrapped in a JWE: they stay opaque,
/// tamper-evident and bound to their client (the presenters are among the sealed claims), and cost one AEAD
/// operation. Access tokens stay RFC 9068 JWTs. Marking the token's format makes OpenIddict skip its JWT steps.
/// </summary>
public sealed class SealRefreshTokensAndCodes(KeyRing ring) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<GenerateTokenContext>()
        .UseSingletonHandler<SealRefreshTokensAndCodes>().At(IssueSelfContainedTokens.Descriptor.Order + 100);

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (SealedTokenFormat.KindOf(context.TokenType) is not { } kind)
        {
            return default;
        }

        context.Token = Seal(ring.Current, kind, context.Principal);
        context.TokenFormat = SealedTokenFormat.Name;
        return default;
    }

    /// <summary>The principal sealed under the active encryption key (also for <see cref="IssueClientCredentialsTokens"/>).</summary>
    public static string Seal(KeySet keys, string kind, ClaimsPrincipal principal)
    {
        var keyId = keys.ActiveEncryption.KeyId;
        return SealedToken.Seal(kind, keyId, keys.SealingKeys[keyId], SealedTokenPayload.Write(principal));
    }
}
