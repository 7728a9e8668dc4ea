using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;

namespace AuthServer.IntegrationTests.Telemetry;

/// <summary>
/// The Prometheus scrape on at <c>/metrics</c>, OTLP off, and a failed-lookup limit small enough for a test to
/// reach. Scrapes are not cached here: the exporter answers a scrape within 300 ms of the last with the same
/// text, and a test's before and after scrapes can be that close once its requests are fast.
/// </summary>
public sealed class MetricsHost : TelemetryHost
{
    public const int FailedLookupsPerMinute = 3;

    public MetricsHost()
        : base(("Telemetry:Prometheus:Enabled", "true")) =>
        WithSetting("Lookup:FailedPerIpPerMinute", FailedLookupsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Configure<PrometheusAspNetCoreOptions>(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
    }
}
