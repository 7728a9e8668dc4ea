using AuthServer.Core.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// RFC 7662 at <c>/api/auth/introspect</c>: a client learns only about its own tokens (another client's
/// token is just inactive), and a revoked token is inactive; an active own token shows its claims.
/// </summary>
public sealed class IntrospectOwnTokensOnly(TokenLedger ledger) : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<HandleIntrospectionRequestContext>()
        .UseSingletonHandler<IntrospectOwnTokensOnly>().At(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1000);

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        if (context.GenericTokenPrincipal is not { } principal)
        {
            return default;
        }

        var owner = TokenOwner.Of(principal);
        if (owner != context.Request.ClientId ||
            ledger.IsRevoked(principal.GetClaim(TokenClaims.FamilyId), principal.GetClaim(TokenClaims.SecretId),
                principal.GetClaim(TokenClaims.GrantId), owner))
        {
            context.Reject(Errors.InvalidToken, "The token is not active.");
            return default;
        }

        context.Subject = principal.GetClaim(Claims.Subject);
        context.Scopes.UnionWith(principal.GetScopes());
        if (principal.GetClaim(TokenClaims.AccountId) is { } accountId)
        {
            context.Claims[TokenClaims.AccountId] = accountId;
        }

        return default;
    }
}
