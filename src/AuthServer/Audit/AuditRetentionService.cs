using AuthServer.Core.Audit;
using AuthServer.Core.Operators;
using Microsoft.Extensions.Options;

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
    ILogger<AuditRetentionService> logger) : BackgroundService
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var purged = await scope.ServiceProvider.GetRequiredService<AuditTrail>().PurgeOlderThanAsync(cutoff, cancellationToken) +
                     await scope.ServiceProvider.GetRequiredService<OperatorLog>().PurgeOlderThanAsync(cutoff, cancellationToken);
        LogPurged(logger, purged, cutoff);
        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock cadence, whatever clock decides what is old (as TokenStateSync).
        using var timer = new PeriodicTimer(options.Value.PurgeInterval);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Nothing is lost by waiting: the next run deletes the same events.
                LogPurgeFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Purged {Count} audit events older than {Cutoff:u}")]
    private static partial void LogPurged(ILogger logger, int count, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging old audit events failed")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
