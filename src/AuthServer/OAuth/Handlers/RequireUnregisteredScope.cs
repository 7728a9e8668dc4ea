namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Active when the token request names a scope the server options do not register. OpenIddict's
/// <c>ValidateScopes</c> asks its scope store only about those, yet builds the scope manager (and its EF store)
/// for every token request to be able to; with this filter it is built only when it has something to look up.
/// </summary>
public sealed class RequireUnregisteredScope : IOpenIddictServerHandlerFilter<ValidateTokenRequestContext>
{
    public ValueTask<bool> IsActiveAsync(ValidateTokenRequestContext context)
    {
        foreach (var scope in context.Request.GetScopes())
        {
            if (!context.Options.Scopes.Contains(scope))
            {
                return new(true);
            }
        }

        return new(false);
    }
}
