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

public static class TransactionExtensions
{
    /// <summary>The caller's address, for audit events.</summary>
    public static string? ClientIp(this OpenIddictServerEvents.BaseContext context) =>
        context.Transaction.GetHttpRequest()?.HttpContext.Connection.RemoteIpAddress?.ToString();
}
