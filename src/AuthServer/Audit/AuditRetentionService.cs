using AuthServer.Core.Audit;
using AuthServer.Core.Operators;

namespace AuthServer.Audit;

/// <summary>
/// Deletes audit events (and operator log entries) older than <c>Audit:RetentionDays</c>, at start and every
/// <c>Audit:PurgeInterval</c>, so the log does not grow without bound (SPEC §8). Several instances may
/// purge at once: deleting what is already deleted is harmless.
/// </summary>
public sealed partial class AuditRetentionService(
    IServiceScopeFactory scopes,
    IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditRetentionService> logger) : PeriodicBackgroundService(scopes)
{
    // Wall-clock cadence, whatever clock decides what is old (as TokenStateSync).
    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override bool RunsAtStart => true;

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = CreateScope();
        return await PurgeAsync(scope.ServiceProvider, cancellationToken);
    }

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) => PurgeAsync(services, cancellationToken);

    // Nothing is lost by waiting: the next run deletes the same events.
    protected override void LogRunFailed(Exception exception) => LogPurgeFailed(logger, exception);

    private async Task<int> PurgeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        var purged = await services.GetRequiredService<AuditTrail>().PurgeOlderThanAsync(cutoff, cancellationToken) +
                     await services.GetRequiredService<OperatorLog>().PurgeOlderThanAsync(cutoff, cancellationToken);
        LogPurged(logger, purged, cutoff);
        return purged;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} audit events older than {Cutoff:u}")]
    private static partial void LogPurged(ILogger logger, int count, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging old audit events failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
