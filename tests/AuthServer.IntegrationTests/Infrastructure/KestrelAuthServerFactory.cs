using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>The host on a real loopback port, for a real browser or real client addresses.</summary>
public class KestrelAuthServerFactory : AuthServerFactory
{
    public KestrelAuthServerFactory()
        : this(new Dictionary<string, string?>(), testServices: null)
    {
    }

    private readonly Action<IServiceCollection>? _testServices;

    /// <summary>A host with its own settings (and services replaced for the test, e.g. one that fails on purpose).</summary>
    /// <param name="settings">Applied before the server starts (it starts here).</param>
    public static KestrelAuthServerFactory With(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices = null) =>
        new(settings, testServices);

    /// <summary>For a fixture type of its own (xunit builds fixtures by their type): a host with these settings.</summary>
    protected KestrelAuthServerFactory(IReadOnlyDictionary<string, string?> settings)
        : this(settings, testServices: null)
    {
    }

    private KestrelAuthServerFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices)
    {
        _testServices = testServices;
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_testServices is not null)
        {
            builder.ConfigureTestServices(_testServices);
        }
    }
}
