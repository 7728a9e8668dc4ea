namespace AuthServer.IntegrationTests.Telemetry;

/// <summary>
/// OpenTelemetry's meter listener is process-wide: a test host's Prometheus scrape also subscribes to the
/// "AuthServer" meters of every other test host alive in the process, and those hosts create and dispose
/// theirs while tests run in parallel, so counter deltas read by a scrape could lose a series mid-test. Tests
/// that read our counters run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetricsCollection
{
    public const string Name = "Process-wide metrics";
}
