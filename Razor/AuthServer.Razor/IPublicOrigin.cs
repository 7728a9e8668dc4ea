using Microsoft.AspNetCore.Http;

namespace AuthServer.Razor;

/// <summary>
/// Where this server is reachable from outside (SPEC §8: <c>Auth:Issuer</c>), for every absolute URL a page
/// makes, such as a mailed invitation link. Implemented by the host, which owns the setting.
/// </summary>
public interface IPublicOrigin
{
    /// <returns>An absolute URI ending in <c>/</c>.</returns>
    Uri For(HttpRequest request);
}
