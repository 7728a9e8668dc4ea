using AuthServer.Razor;
using Microsoft.Extensions.Options;

namespace AuthServer.Hosting;

/// <summary>
/// The one place that says where this server is reachable (SPEC §8): <c>Auth:Issuer</c> when set, else
/// (in Development) the request's own origin. Issuer, audience and mailed links all come from here.
/// </summary>
public sealed class PublicOrigin(IOptions<AuthOptions> options) : IPublicOrigin
{
    public Uri For(HttpRequest request) => Of(request, options.Value);

    /// <returns>An absolute URI ending in <c>/</c>.</returns>
    public static Uri Of(HttpRequest request, AuthOptions options) =>
        options.Issuer ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/", UriKind.Absolute);
}
