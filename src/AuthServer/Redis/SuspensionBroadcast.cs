using AuthServer.Core.Accounts;
using AuthServer.Core.Data;
using StackExchange.Redis;

namespace AuthServer.Redis;

/// <summary>
/// Tells the other instances at once that an operator suspended or reinstated an account, as revocations are
/// told (SPEC §4's "at once" applies to a suspension too); the database poll stays the fallback. Like a
/// revocation message, a message can only refuse: "suspended:{account id}" refuses the account's tokens at
/// once, and every message makes the receiver read the suspended accounts from the database again, which
/// brings the account's clients, lifts a reinstated account, and drops a suspension the database does not hold.
/// </summary>
public sealed partial class SuspensionBroadcast(
    RedisConnection redis,
    SuspendedAccounts suspended,
    IServiceScopeFactory scopes,
    ILogger<SuspensionBroadcast> logger) : IHostedService
{
    private const string SuspendedPrefix = "suspended:";
    private const string ReinstatedPrefix = "reinstated:";

    private readonly RedisChannelSubscription _channel = new(redis, "suspensions", value => Receive(value, scopes, suspended, logger));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.IsConfigured)
        {
            suspended.Changed += Publish;
        }

        return _channel.StartAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        suspended.Changed -= Publish;
        return Task.CompletedTask;
    }

    private void Publish(Guid accountId, bool isSuspended) => _channel.Publish((isSuspended ? SuspendedPrefix : ReinstatedPrefix) + accountId);

    private static void Receive(RedisValue value, IServiceScopeFactory scopes, SuspendedAccounts suspended, ILogger logger)
    {
        var message = value.ToString();
        if (message.StartsWith(SuspendedPrefix, StringComparison.Ordinal) && Guid.TryParse(message.AsSpan(SuspendedPrefix.Length), out var accountId))
        {
            suspended.Suspend(accountId);
        }

        // Off the subscriber's thread: the read must not hold up other messages.
        _ = RefreshAsync(scopes, suspended, logger);
    }

    private static async Task RefreshAsync(IServiceScopeFactory scopes, SuspendedAccounts suspended, ILogger logger)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await suspended.RefreshAsync(scope.ServiceProvider.GetRequiredService<AuthServerDbContext>(), CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The poll reads the same within a second.
            LogRefreshFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the suspended accounts after a Redis message failed; the next poll reads them again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
