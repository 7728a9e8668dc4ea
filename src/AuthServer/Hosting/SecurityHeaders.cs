namespace AuthServer.Hosting;

public static class SecurityHeaders
{
    /// <summary>
    /// Only this server's own scripts, styles and images; no plugins; no <c>&lt;base&gt;</c> rewriting
    /// relative links; no framing (clickjacking of consent and settings forms); forms post only here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>
    /// The authorization endpoint ends in a redirect to the client's redirect_uri after the consent form is
    /// posted, and browsers apply <c>form-action</c> to that redirect too: left out there.
    /// </summary>
    public const string AuthorizeContentSecurityPolicy =
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar, served from this server) configures itself with an inline script and
    /// styles its elements inline; it still loads nothing from elsewhere.
    /// </summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly PathString Authorize = "/" + AuthServer.OAuth.OAuthPaths.Authorize;
    private static readonly PathString Docs = AuthServer.Docs.ApiDocsExtensions.DocsPath;

    /// <summary>
    /// On every response, error pages included (this runs after the exception handler, so its re-execution
    /// passes here again): the CSP above, no framing, no referrer (codes and affiliate IDs in URLs must not
    /// leak to other sites), no MIME sniffing.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy =
            path.StartsWithSegments(Authorize, StringComparison.OrdinalIgnoreCase) ? AuthorizeContentSecurityPolicy
            : path.StartsWithSegments(Docs, StringComparison.OrdinalIgnoreCase) ? DocsContentSecurityPolicy
            : ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        return next(context);
    });
}
