using AuthServer.Core.Audit;

namespace AuthServer.OAuth;

/// <summary>
/// Writes queued audit events in batches, so hot paths never wait on an insert. Identical successful
/// issuances (same client, grant, scopes and address) within one batch become one row with a count:
/// a busy integrator asking for thousands of tokens a minute leaves a complete trail, not a row per token.
/// Nothing is lost on a graceful stop (the queue is drained) or while the database refuses writes (the
/// batch is retried, with a growing pause); only past <see cref="MaxPending"/> events held in memory are the
/// oldest dropped, and the count of dropped events is logged.
/// </summary>
public sealed partial class AuditWriter(IServiceScopeFactory scopes, AuditQueue queue, ILogger<AuditWriter> logger) : BackgroundService
{
    /// <summary>Events held while the database refuses them (about 300 bytes each).</summary>
    public const int MaxPending = 100_000;

    private const int MaxBatch = 5000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(30);

    /// <summary>Oldest first; only touched while <see cref="_writing"/> is held.</summary>
    private readonly List<AuditEvent> _pending = [];
    private readonly SemaphoreSlim _writing = new(1, 1);
    private TimeSpan _pause = BatchWindow;

    public static IEnumerable<AuditEvent> Fold(IEnumerable<AuditEvent> batch) => batch
        .GroupBy(e => e.Action == AuditActions.TokenIssued && e.Outcome == AuditOutcome.Success
            ? (e.AccountId, e.Actor, e.Target, e.Ip, e.Detail, Id: 0L)
            : (e.AccountId, e.Actor, e.Target, e.Ip, e.Detail, Id: (long)e.GetHashCode()))
        .Select(g =>
        {
            // New rows: a batch that fails is folded again on its retry, from the same events.
            var first = g.First();
            var count = g.Count();
            return first.WithDetail(count > 1 ? $"{first.Detail}; count: {count} (last at {g.Max(e => e.At):u})" : first.Detail);
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Events a failed write left pending are retried without waiting for new ones.
            var behind = false;
            while (_pending.Count > 0 || await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a burst gather, so it folds into few rows (longer after a failed write). A batch or more
                // still waiting after a write is written straight away: a pause before every batch held the
                // writer to MaxBatch events a second, and above that rate (about 5,800 tokens a second at 64
                // connections on 2 cores) the backlog reached MaxPending within a minute and the oldest were dropped.
                if (!behind)
                {
                    await Task.Delay(_pause, stoppingToken);
                }

                // A write under way finishes even when the host stops; StopAsync writes what is left.
                behind = await WriteAsync(CancellationToken.None) && _pending.Count + queue.Reader.Count >= MaxBatch;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync drains.
        }
    }

    /// <summary>Graceful stop (SIGTERM): write everything queued, within the host's shutdown timeout.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested && (queue.Reader.Count > 0 || _pending.Count > 0))
        {
            if (!await WriteAsync(cancellationToken))
            {
                break;
            }
        }

        if (queue.Reader.Count + _pending.Count > 0)
        {
            LogLostOnStop(logger, queue.Reader.Count + _pending.Count);
        }
    }

    /// <summary>Moves what is queued behind what is pending, then writes one batch of the oldest.</summary>
    /// <returns>False when the database refused the batch (it stays pending).</returns>
    private async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            while (queue.Reader.TryRead(out var item))
            {
                _pending.Add(item);
            }

            if (_pending.Count > MaxPending)
            {
                var dropped = _pending.Count - MaxPending;
                _pending.RemoveRange(0, dropped);
                queue.ReportDroppedByWriter(dropped);
                LogDropped(logger, dropped, MaxPending);
            }

            if (queue.TakeDroppedCount() is var overflow and > 0)
            {
                LogDropped(logger, overflow, AuditQueue.Capacity);
            }

            var batch = _pending.Take(MaxBatch).ToList();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
                db.AuditEvents.AddRange(Fold(batch));
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _pause = _pause * 2 < MaxRetryPause ? _pause * 2 : MaxRetryPause;
                LogWriteFailed(logger, batch.Count, _pending.Count, exception);
                return false;
            }

            _pending.RemoveRange(0, batch.Count);
            _pause = BatchWindow;
            return true;
        }
        finally
        {
            queue.ReportHeld(_pending.Count);
            _writing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit events; {Pending} are kept and retried")]
    private static partial void LogWriteFailed(ILogger logger, int count, int pending, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped the {Count} oldest audit events: more than {Cap} were waiting for the database")]
    private static partial void LogDropped(ILogger logger, long count, int cap);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit events were not written before the shutdown timeout")]
    private static partial void LogLostOnStop(ILogger logger, int count);
}
