using AuthServer.Core.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Issuing writes nothing: access tokens, refresh tokens and codes are self-contained, and refresh tokens
/// and codes get an id of their own so the <see cref="TokenLedger"/> can record their single use.
/// </summary>
public sealed class IssueSelfContainedTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<GenerateTokenContext>()
        .UseSingletonHandler<IssueSelfContainedTokens>().At(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 500);

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        // No entry means nothing a reference could point to: authorization codes (OpenIddict's only
        // reference tokens by default) are issued as encrypted self-contained tokens like the rest.
        context.CreateTokenEntry = false;
        context.IsReferenceToken = false;
        context.PersistTokenPayload = false;
        if (context.TokenType is TokenTypeIdentifiers.RefreshToken or TokenTypeIdentifiers.Private.AuthorizationCode)
        {
            AssignId(context.Principal);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The id the ledger records the token's single use under (also for <see cref="IssueClientCredentialsTokens"/>).</summary>
    public static void AssignId(System.Security.Claims.ClaimsPrincipal principal) =>
        principal.SetClaim(Claims.JwtId, Guid.NewGuid().ToString("N"));
}
