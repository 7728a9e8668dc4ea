using Microsoft.AspNetCore;

namespace AuthServer.OAuth.Handlers;

public static class TransactionExtensions
{
    /// <summary>The caller's address, for audit events.</summary>
    public static string? ClientIp(this BaseContext context) =>
        context.Transaction.GetHttpRequest()?.HttpContext.Connection.RemoteIpAddress?.ToString();
}
