using AuthServer.Razor;
using Microsoft.AspNetCore.HttpOverrides;

namespace AuthServer.Hosting;

/// <summary>
/// The public origin (<c>Auth:Issuer</c>, SPEC §8) in front of everything else:
/// <list type="number">
/// <item>Requests for another host get 400. A forged <c>Host</c> (or <c>X-Forwarded-Host</c> from a proxy we
/// do not know) would otherwise choose where password-reset and confirmation links point: account takeover.</item>
/// <item>Outside Development plain HTTP is refused unless <c>Server:AllowHttp</c>: GET pages move to https,
/// anything else gets 400 (a password or token sent in clear must not be answered as if nothing happened).</item>
/// <item>The request then carries the issuer's scheme and host, so every absolute URL the framework or
/// Identity UI builds from the request (mail links, redirects) is the public origin's.</item>
/// </list>
/// <c>/health</c> is exempt: load balancers probe instances by their own address, over plain HTTP.
/// In Development without <c>Auth:Issuer</c> the request's own origin is used; with it, loopback hosts are also let in.
/// It is also the one place that says where the server is reachable (<see cref="IPublicOrigin"/>): issuer,
/// audience and mailed links all come from <see cref="Of"/>.
/// </summary>
public sealed class PublicOrigin : IPublicOrigin
{
    private static readonly PathString Health = "/health";
    private readonly string? _host;
    private readonly string? _hostWithPort;
    private readonly string? _scheme;
    private readonly HostString _publicHost;
    private readonly Uri? _issuer;
    private readonly AuthOptions _auth;
    private readonly bool _isDevelopment;
    private readonly bool _requireHttps;

    public PublicOrigin(IOptions<AuthOptions> auth, IOptions<ServerOptions> server, IHostEnvironment environment)
    {
        _auth = auth.Value;
        _issuer = _auth.Issuer;
        _isDevelopment = environment.IsDevelopment();
        _requireHttps = !_isDevelopment && !server.Value.AllowHttp;
        if (_issuer is not null)
        {
            // Uri.Host keeps the brackets of an IPv6 literal, as the Host header does.
            _host = _issuer.Host;
            _hostWithPort = _issuer.Host + ":" + _issuer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _scheme = _issuer.Scheme;
            _publicHost = new HostString(_issuer.Authority);
        }
    }

    public Uri For(HttpRequest request) => Of(request, _auth);

    /// <summary>
    /// Whether plain HTTP is refused: outside Development, unless <c>Server:AllowHttp</c>. OpenIddict's own
    /// transport check follows this, so the OAuth endpoints and the rest of the server agree.
    /// </summary>
    public bool RequiresHttps => _requireHttps;

    /// <summary><c>Auth:Issuer</c> when set, else (in Development) the request's own origin.</summary>
    /// <returns>An absolute URI ending in <c>/</c>.</returns>
    public static Uri Of(HttpRequest request, AuthOptions options) =>
        options.Issuer ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/", UriKind.Absolute);

    /// <summary>
    /// Whether browsers reach the server over https outside Development: then cookies are <c>Secure</c> (the
    /// session cookie <c>__Host-</c>-prefixed) and HSTS is sent. Over plain http (Development, or a loopback
    /// benchmark with <c>Server:AllowHttp</c>) a Secure cookie would never come back.
    /// </summary>
    public static bool IsHttps(AuthOptions auth, IHostEnvironment environment) =>
        !environment.IsDevelopment() && auth.Issuer?.Scheme == Uri.UriSchemeHttps;

    /// <summary>Forwarded headers from the configured proxies only (SPEC §8), then the public origin.</summary>
    public static WebApplication UsePublicOrigin(WebApplication app)
    {
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (server.TrustsProxies)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
                // A chain of known proxies is walked to the first address that is not one of them.
                ForwardLimit = null,
            };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in server.ParsedProxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in server.ParsedNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(forwarded);
        }

        var origin = app.Services.GetRequiredService<PublicOrigin>();
        app.Use((context, next) => origin.InvokeAsync(context, next));
        return app;
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(Health, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var isPublicHost = _issuer is not null && IsIssuerHost(request.Host.Value);
        if (_issuer is not null && !isPublicHost && !(_isDevelopment && IsLoopback(request.Host)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"This server answers for {_issuer.Authority} only.", context.RequestAborted);
        }

        if (_requireHttps && !request.IsHttps)
        {
            return RefusePlainHttpAsync(context);
        }

        if (isPublicHost)
        {
            request.Scheme = _scheme!;
            request.Host = _publicHost;
        }

        return next(context);
    }

    /// <summary>The Host header names the issuer's host, with its port or none (a proxy may drop a default port).</summary>
    private bool IsIssuerHost(ReadOnlySpan<char> host) =>
        host.Equals(_host, StringComparison.OrdinalIgnoreCase) || host.Equals(_hostWithPort, StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopback(HostString host) =>
        host.Host is "localhost" or "127.0.0.1" or "[::1]";

    private Task RefusePlainHttpAsync(HttpContext context)
    {
        var request = context.Request;
        var area = RequestAreas.Of(request);
        // Only browsers are moved: an API client that sent a token in clear must see the mistake, not be
        // redirected into sending it again. The issuer is https here (checked at start).
        if (area == RequestArea.Page && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && _issuer is not null)
        {
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = _issuer.GetLeftPart(UriPartial.Authority) + request.PathBase + request.Path + request.QueryString;
            return Task.CompletedTask;
        }

        const string Detail = "This server accepts HTTPS only: send the request to its https:// address.";
        return area switch
        {
            RequestArea.Api => ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "HttpsRequired", "HTTPS required", Detail),
            RequestArea.OAuth => OAuthErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OAuthErrors.InvalidRequest, Detail),
            _ => WritePlainAsync(context, Detail),
        };
    }

    private static Task WritePlainAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(detail, context.RequestAborted);
    }
}
