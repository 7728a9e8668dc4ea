using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>The host on a real loopback port, for a real browser.</summary>
public class KestrelAuthServerFactory : AuthServerFactory
{
    public KestrelAuthServerFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Applied before the server starts (it starts here, for the browser's sake).</param>
    protected KestrelAuthServerFactory(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            WithSetting(key, value);
        }

        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("127.0.0.1", "localhost", StringComparison.Ordinal).TrimEnd('/');
    }

    public string BaseUrl { get; }
}
