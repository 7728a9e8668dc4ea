using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Telemetry;

/// <summary>
/// A host with <c>Telemetry:*</c> and <c>OTEL_*</c> settings given as host settings: the server reads them
/// while it is built (as it reads environment variables), before the test's other settings are added.
/// Every request comes from <see cref="ClientIp"/> (the test server has no remote address of its own).
/// </summary>
public class TelemetryHost(params (string Key, string Value)[] hostSettings) : AuthServerFactory
{
    public const string ClientIp = "203.0.113.7";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in hostSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, FromClientIp>());
    }

    private sealed class FromClientIp : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(ClientIp);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
