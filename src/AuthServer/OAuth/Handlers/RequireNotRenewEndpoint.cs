namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Keeps a handler off the token endpoint's <c>/api/auth/renew</c> address, where a handler of
/// <see cref="RenewEndpointHandlers"/> takes its place; every other request passes (the same test as
/// <see cref="RequireRenewEndpoint"/>, negated).
/// </summary>
public sealed class RequireNotRenewEndpoint : IOpenIddictServerHandlerFilter<BaseContext>
{
    public ValueTask<bool> IsActiveAsync(BaseContext context) => new(!RequireRenewEndpoint.IsRenew(context));
}
