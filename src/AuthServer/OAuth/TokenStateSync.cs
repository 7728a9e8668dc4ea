using AuthServer.Core.Tokens;

namespace AuthServer.OAuth;

/// <summary>
/// Keeps this instance's revocation rules and suspended accounts in step with the database (SPEC §4: another
/// instance's revocation or suspension takes effect here within 1 s; with Redis it is published and arrives
/// at once, and this poll is the fallback) and prunes what can no longer matter (SPEC §8: the database does
/// not grow without bound): redemptions of tokens that expired anyway, rules that outlived them.
/// </summary>
public sealed partial class TokenStateSync(
    IServiceScopeFactory scopes,
    RevocationCache cache,
    SuspendedAccounts suspended,
    TimeProvider time,
    ILogger<TokenStateSync> logger) : PeriodicBackgroundService(scopes)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a missing rule id is waited for. Ids are handed out when a row is inserted but become
    /// visible when its transaction commits, so on a database server with several writers id 9 can appear
    /// after id 10; an id still missing after this was rolled back.
    /// </summary>
    private static readonly TimeSpan GapWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _polling = new(1, 1);
    private readonly SortedSet<long> _seenAbove = [];
    private long _watermark = -1;
    private long _gapSince;
    private DateTimeOffset _nextPrune;

    // The poll cadence is wall-clock time, whatever clock decides expiry: a test clock moved by
    // months would otherwise replay millions of one-second ticks.
    protected override TimeSpan Interval => PollInterval;

    /// <summary>
    /// Loads the rules this instance has not seen: every id above the watermark (all ids at or below it
    /// have been seen or given up), so a rule that commits late is not skipped; and the suspended accounts.
    /// </summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var scope = CreateScope();
        await PollAsync(scope.ServiceProvider.GetRequiredService<AuthServerDbContext>(), cancellationToken);
    }

    private async Task PollAsync(AuthServerDbContext db, CancellationToken cancellationToken)
    {
        await _polling.WaitAsync(cancellationToken);
        try
        {
            var watermark = _watermark;
            var rules = await db.Revocations.AsNoTracking().Where(r => r.Id > watermark).OrderBy(r => r.Id).ToListAsync(cancellationToken);
            foreach (var rule in rules)
            {
                cache.Add(rule);
                _seenAbove.Add(rule.Id);
            }

            if (_watermark < 0)
            {
                // The first load is everything there is: older ids were pruned, not missed.
                _watermark = _seenAbove.Count > 0 ? _seenAbove.Min - 1 : 0;
            }

            AdvanceWatermark();
            await suspended.RefreshAsync(db, cancellationToken);
        }
        finally
        {
            _polling.Release();
        }
    }

    private void AdvanceWatermark()
    {
        while (_seenAbove.Count > 0)
        {
            if (_seenAbove.Min == _watermark + 1)
            {
                _watermark = _seenAbove.Min;
                _seenAbove.Remove(_watermark);
                _gapSince = 0;
                continue;
            }

            var now = Environment.TickCount64;
            if (_gapSince == 0)
            {
                _gapSince = now;
            }

            if (now - _gapSince < (long)GapWait.TotalMilliseconds)
            {
                return;
            }

            _watermark = _seenAbove.Min - 1; // The missing ids were rolled back.
            _gapSince = 0;
        }
    }

    private async Task PruneAsync(AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var redemptions = await db.TokenRedemptions.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var rules = await db.Revocations.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        cache.RemoveExpired(now);
        LogPruned(logger, redemptions, rules);
    }

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AuthServerDbContext>();
        await PollAsync(db, cancellationToken);
        if (time.GetUtcNow() >= _nextPrune)
        {
            _nextPrune = time.GetUtcNow() + PruneInterval;
            await PruneAsync(db, cancellationToken);
        }
    }

    // The rules in memory stay in force; the next tick tries again.
    protected override void LogRunFailed(Exception exception) => LogSyncFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Redemptions} token redemptions and {Rules} revocation rules")]
    private static partial void LogPruned(ILogger logger, int redemptions, int rules);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token state sync failed")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
