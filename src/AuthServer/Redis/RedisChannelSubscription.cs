using StackExchange.Redis;

namespace AuthServer.Redis;

/// <summary>
/// One pub/sub channel of this deployment (under <c>Redis:KeyPrefix</c>): messages published fire-and-forget
/// while Redis is connected (otherwise the other instances' database poll carries the change), and a
/// handler subscribed as soon as Redis is connected. A message may be lost; none may be trusted beyond
/// what its receiver checks.
/// </summary>
public sealed class RedisChannelSubscription(RedisConnection redis, string name, Action<RedisValue> receive)
{
    private int _subscribed;

    /// <summary>Subscribes now if connected, and whenever the connection is (re)established.</summary>
    public Task StartAsync()
    {
        if (!redis.IsConfigured)
        {
            return Task.CompletedTask;
        }

        redis.Connected += () => _ = SubscribeAsync();
        return SubscribeAsync();
    }

    public void Publish(string message)
    {
        if (redis.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return; // Other instances poll the database.
        }

        try
        {
            multiplexer.GetSubscriber().Publish(redis.Channel(name), message, CommandFlags.FireAndForget);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            redis.ReportFailure(exception);
        }
    }

    private async Task SubscribeAsync()
    {
        if (redis.Multiplexer is not { IsConnected: true } multiplexer || Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }

        try
        {
            // Once subscribed, the client subscribes again by itself after a reconnect.
            await multiplexer.GetSubscriber().SubscribeAsync(redis.Channel(name), (_, message) => receive(message));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _subscribed, 0);
            redis.ReportFailure(exception);
        }
    }
}
