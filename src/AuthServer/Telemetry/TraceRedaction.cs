using System.Diagnostics;

namespace AuthServer.Telemetry;

/// <summary>
/// What a request's span may say about its URL. Query values are already redacted by the instrumentation;
/// paths can carry secrets too (<c>/invitations/{token}</c>) and ids, so a path that matched a route with
/// parameters is recorded as that route's template.
/// </summary>
public static class TraceRedaction
{
    public const string UrlPath = "url.path";

    public static void RedactPath(Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern: { Parameters.Count: > 0 } pattern })
        {
            activity.SetTag(UrlPath, "/" + pattern.RawText?.TrimStart('/'));
        }
    }

    /// <summary>Health probes and scrapes are noise in traces.</summary>
    public static bool IsTraced(HttpContext context, string scrapePath) =>
        !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) &&
        !context.Request.Path.StartsWithSegments(scrapePath, StringComparison.OrdinalIgnoreCase);
}
