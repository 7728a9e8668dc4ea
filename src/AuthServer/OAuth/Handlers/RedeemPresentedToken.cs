namespace AuthServer.OAuth.Handlers;

/// <summary>
/// At <c>/api/auth/token</c>, the last check before a refresh token or authorization code is exchanged, once
/// every other check has passed (so a refused request never burns a token): <see cref="TokenRedeemer"/>.
/// </summary>
public sealed class RedeemPresentedToken(IOpenIddictApplicationManager applications, TokenRedeemer redeemer)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<ValidateTokenRequestContext>()
        .AddFilter<RequireClientIdParameter>().AddFilter<RequireNotRenewEndpoint>()
        .UseScopedHandler<RedeemPresentedToken>().At(OpenIddictServerHandlers.Exchange.ValidateGrantedScopes.Descriptor.Order + 1000);

    public ValueTask HandleAsync(ValidateTokenRequestContext context) => redeemer.RedeemAsync(context, applications, rule: null);
}
