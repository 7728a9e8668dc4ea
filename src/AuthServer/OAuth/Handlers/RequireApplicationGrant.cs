using AuthServer.Core.Tokens;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Active only for tokens of a Developer Application grant (they carry its id): API-key tokens never
/// construct the handlers behind it, nor rent the DbContext those need.
/// </summary>
public sealed class RequireApplicationGrant :
    IOpenIddictServerHandlerFilter<ValidateTokenRequestContext>,
    IOpenIddictServerHandlerFilter<ProcessSignInContext>
{
    public ValueTask<bool> IsActiveAsync(ValidateTokenRequestContext context)
    {
        var principal = context.Request.IsAuthorizationCodeGrantType() ? context.AuthorizationCodePrincipal
            : context.Request.IsRefreshTokenGrantType() ? context.RefreshTokenPrincipal
            : null;
        return new(principal?.HasClaim(TokenClaims.GrantId) == true);
    }

    public ValueTask<bool> IsActiveAsync(ProcessSignInContext context) =>
        new(context.Principal?.HasClaim(TokenClaims.GrantId) == true);
}
