using AuthServer.Core.Data;
using AuthServer.Core.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.OAuth;

/// <summary>
/// Keeps this instance's revocation rules in step with the database (SPEC §4: another instance's
/// revocation takes effect here within 1 s) and prunes what can no longer matter (SPEC §8: the database
/// does not grow without bound): redemptions of tokens that expired anyway, rules that outlived them.
/// </summary>
public sealed partial class TokenStateSync(
    IServiceScopeFactory scopes,
    RevocationCache cache,
    TimeProvider time,
    ILogger<TokenStateSync> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    /// <summary>Loads rules written since the last call (all of them the first time).</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var lastSeen = cache.LastSeenId;
        var rules = await db.Revocations.AsNoTracking().Where(r => r.Id > lastSeen).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        foreach (var rule in rules)
        {
            cache.Add(rule);
        }
    }

    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var redemptions = await db.TokenRedemptions.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var rules = await db.Revocations.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        cache.RemoveExpired(now);
        LogPruned(logger, redemptions, rules);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The poll cadence is wall-clock time, whatever clock decides expiry: a test clock moved by
        // months would otherwise replay millions of one-second ticks.
        using var timer = new PeriodicTimer(PollInterval);
        var nextPrune = time.GetUtcNow();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
                if (time.GetUtcNow() >= nextPrune)
                {
                    nextPrune = time.GetUtcNow() + PruneInterval;
                    await PruneAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The rules in memory stay in force; the next tick tries again.
                LogSyncFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Redemptions} token redemptions and {Rules} revocation rules")]
    private static partial void LogPruned(ILogger logger, int redemptions, int rules);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token state sync failed")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
