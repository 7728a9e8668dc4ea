using Microsoft.AspNetCore;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Keeps a handler to the token endpoint's <c>/api/auth/renew</c> address (<see cref="RenewEndpointHandlers"/>).
/// It runs on every request at the handlers it guards, so it costs an enum test, then one ordinal
/// comparison of the request path with a constant: no allocation.
/// </summary>
public sealed class RequireRenewEndpoint : IOpenIddictServerHandlerFilter<BaseContext>
{
    private static readonly PathString Path = "/" + OAuthPaths.Renew;

    public ValueTask<bool> IsActiveAsync(BaseContext context) => new(IsRenew(context));

    /// <summary>Whether the request is for the token endpoint at its renew address.</summary>
    public static bool IsRenew(BaseContext context) =>
        context.EndpointType == OpenIddictServerEndpointType.Token &&
        context.Transaction.GetHttpRequest()?.Path.Equals(Path, StringComparison.OrdinalIgnoreCase) == true;
}
