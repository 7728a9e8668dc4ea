using Microsoft.AspNetCore;
using OpenIddict.Server;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// <c>/api/auth/renew</c> (seed 004 method 1) is a second address of the token endpoint: same pipeline,
/// same rotation and reuse detection, but the body is just <c>{"refresh_token": "…"}</c> and the client
/// is the one the refresh token was issued to.
/// </summary>
public static class RenewEndpoint
{
    public const string Path = "/" + OpenIddictExtensions.Paths.Renew;

    public static bool IsRenew(OpenIddictServerEvents.BaseContext context) =>
        context.Transaction.GetHttpRequest()?.Path.Equals(Path, StringComparison.OrdinalIgnoreCase) == true;
}
