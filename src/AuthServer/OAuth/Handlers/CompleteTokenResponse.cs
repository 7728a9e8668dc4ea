namespace AuthServer.OAuth.Handlers;

/// <summary>
/// SPEC §4 token response: <c>scope</c> always (OpenIddict omits it when it equals the request), and
/// <c>expires_in</c> the access token's lifetime (OpenIddict counts from a moment after <c>iat</c>, giving 3599).
/// </summary>
public sealed class CompleteTokenResponse : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ProcessSignInContext>()
        .AddFilter<RequireTokenRequest>()
        .UseSingletonHandler<CompleteTokenResponse>().At(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 500);

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.AccessTokenPrincipal is not { } principal)
        {
            return ValueTask.CompletedTask;
        }

        if (string.IsNullOrEmpty(context.Response.Scope))
        {
            context.Response.Scope = string.Join(' ', principal.GetScopes());
        }

        if (principal.GetCreationDate() is { } issuedAt && principal.GetExpirationDate() is { } expiresAt)
        {
            context.Response.ExpiresIn = (long)(expiresAt - issuedAt).TotalSeconds;
        }

        return ValueTask.CompletedTask;
    }
}
