using AuthServer.Core.Affiliates;

namespace AuthServer.Lookup;

/// <summary>Writes the usage counted in memory every <c>Lookup:UsageFlushInterval</c>, and once more on shutdown.</summary>
public sealed partial class UsageFlushService(
    AffiliateUsage usage,
    IServiceScopeFactory scopes,
    IOptions<LookupOptions> options,
    TimeProvider time,
    ILogger<UsageFlushService> logger) : PeriodicBackgroundService(scopes, tickClock: time)
{
    protected override TimeSpan Interval => options.Value.UsageFlushInterval;

    protected override bool RunsOnStop => true;

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        usage.FlushAsync(services.GetRequiredService<AuthServerDbContext>(), cancellationToken);

    // The counts stay in memory; the next flush tries again.
    protected override void LogRunFailed(Exception exception) => LogFlushFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing affiliate ID usage failed")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
