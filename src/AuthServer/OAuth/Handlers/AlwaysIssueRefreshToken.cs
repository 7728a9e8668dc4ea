namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Refresh tokens for every grant (SPEC §4), without the <c>offline_access</c> scope OpenIddict would
/// otherwise require (it would leak into the token's <c>scope</c>). Rotation issues a new one each time.
/// </summary>
public sealed class AlwaysIssueRefreshToken : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ProcessSignInContext>()
        .AddFilter<RequireTokenRequest>()
        .UseSingletonHandler<AlwaysIssueRefreshToken>().At(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 500);

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        context.GenerateRefreshToken = context.IncludeRefreshToken = true;
        return ValueTask.CompletedTask;
    }
}
