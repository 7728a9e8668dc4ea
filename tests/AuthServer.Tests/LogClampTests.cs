using AuthServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthServer.Tests;

/// <summary>
/// The clamps that keep secrets out of logs are floors: they lift a category that would log below its
/// minimum, and never lower one the configuration set higher.
/// </summary>
public sealed class LogClampTests
{
    private const string Routing = "Microsoft.AspNetCore.Routing.EndpointMiddleware";

    [Fact]
    public void ShippedLevels_RoutingStaysAtMicrosoftAspNetCoresWarning()
    {
        using var services = Services(new()
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Routing);

        Assert.False(logger.IsEnabled(LogLevel.Information)); // two lines a request, had the clamp lowered it
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void DefaultWarning_KestrelAndDataProtectionStayAtWarning()
    {
        using var services = Services(new() { ["Logging:LogLevel:Default"] = "Warning" });
        var factory = services.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Connections").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger(Routing).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void EverythingAtTrace_ClampedCategoriesHeldAtTheirMinimum()
    {
        using var services = Services(new()
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:Console:LogLevel:Default"] = "Trace",
        });
        var factory = services.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger(Routing).IsEnabled(LogLevel.Debug));
        Assert.True(factory.CreateLogger(Routing).IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("OpenIddict.Server.OpenIddictServerDispatcher").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("AuthServer.Anything").IsEnabled(LogLevel.Trace));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.KeepSecretsOutOfLogs();
        return builder.Services.BuildServiceProvider();
    }
}
