namespace AuthServer.Hosting;

public static class SecurityHeaders
{
    /// <summary>
    /// On every response: no framing (clickjacking of consent and settings forms), no referrer (codes
    /// and affiliate IDs in URLs must not leak to other sites), no MIME sniffing.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        return next(context);
    });
}
