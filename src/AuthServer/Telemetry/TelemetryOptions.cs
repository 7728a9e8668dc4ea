namespace AuthServer.Telemetry;

/// <summary>
/// Metrics and traces (configuration section <c>Telemetry</c>). OTLP export is configured by the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables and is on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    [ValidateObjectMembers]
    public PrometheusOptions Prometheus { get; set; } = new();
}
