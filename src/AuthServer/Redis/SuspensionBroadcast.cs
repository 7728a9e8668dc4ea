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
    ILogger<SuspensionBroadcast> logger) : RedisBroadcast(redis, "suspensions")
{
    private const string SuspendedPrefix = "suspended:";
    private const string ReinstatedPrefix = "reinstated:";

    protected override void Listen() => suspended.Changed += Publish;

    protected override void StopListening() => suspended.Changed -= Publish;

    private void Publish(Guid accountId, bool isSuspended) => Publish((isSuspended ? SuspendedPrefix : ReinstatedPrefix) + accountId);

    protected override void Receive(RedisValue value)
    {
        var message = value.ToString();
        if (message.StartsWith(SuspendedPrefix, StringComparison.Ordinal) && Guid.TryParse(message.AsSpan(SuspendedPrefix.Length), out var accountId))
        {
            suspended.Suspend(accountId);
        }

        // Off the subscriber's thread: the read must not hold up other messages.
        _ = RefreshAsync();
    }

    private async Task RefreshAsync()
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
