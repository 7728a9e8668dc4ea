namespace AuthServer.Hosting;

/// <summary>
/// An RFC 6749 §5.2 error body written outside OpenIddict's pipeline (HTTPS refused, database down), so
/// OAuth clients parse the same shape whatever went wrong.
/// </summary>
public static class OAuthErrors
{
    /// <summary>RFC 6749 §4.1.2.1: the server cannot handle the request right now; clients retry.</summary>
    public const string TemporarilyUnavailable = "temporarily_unavailable";

    public const string InvalidRequest = "invalid_request";

    public static Task WriteAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new OAuthError(error, description), OAuthErrorJson.Default.OAuthError, "application/json", context.RequestAborted);
    }
}
