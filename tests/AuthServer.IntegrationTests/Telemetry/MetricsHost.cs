namespace AuthServer.IntegrationTests.Telemetry;

/// <summary>The Prometheus scrape on at <c>/metrics</c>, OTLP off, and a failed-lookup limit small enough for a test to reach.</summary>
public sealed class MetricsHost : TelemetryHost
{
    public const int FailedLookupsPerMinute = 3;

    public MetricsHost()
        : base(("Telemetry:Prometheus:Enabled", "true")) =>
        WithSetting("Lookup:FailedPerIpPerMinute", FailedLookupsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
