using StackExchange.Redis;

namespace AuthServer.Redis;

/// <summary>
/// One pub/sub channel of this deployment (under <c>Redis:KeyPrefix</c>) that carries a kind of local change
/// to the other instances: while it runs, each change this instance makes is published fire-and-forget while
/// Redis is connected (otherwise the other instances' database poll carries it), and the other instances'
/// messages are received once Redis is connected. A message may be lost; none may be trusted beyond what
/// its receiver checks.
/// </summary>
public abstract class RedisBroadcast(RedisConnection redis, string channel) : IHostedService
{
    private int _subscribed;

    /// <summary>Listens for local changes when there is a Redis to tell, and subscribes now if connected and whenever the connection is (re)established.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!redis.IsConfigured)
        {
            return Task.CompletedTask;
        }

        Listen();
        redis.Connected += () => _ = SubscribeAsync();
        return SubscribeAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        StopListening();
        return Task.CompletedTask;
    }

    /// <summary>Starts publishing this instance's changes (attaches to the local change event).</summary>
    protected abstract void Listen();

    /// <summary>Stops publishing (detaches from the local change event).</summary>
    protected abstract void StopListening();

    /// <summary>Applies another instance's message; it can only make this instance refuse more, never accept.</summary>
    protected abstract void Receive(RedisValue message);

    protected void Publish(string message)
    {
        if (redis.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return; // Other instances poll the database.
        }

        try
        {
            multiplexer.GetSubscriber().Publish(redis.Channel(channel), message, CommandFlags.FireAndForget);
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
            await multiplexer.GetSubscriber().SubscribeAsync(redis.Channel(channel), (_, message) => Receive(message));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _subscribed, 0);
            redis.ReportFailure(exception);
        }
    }
}
