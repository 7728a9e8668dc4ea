using StackExchange.Redis;

namespace AuthServer.Redis;

/// <summary>
/// The one Redis connection of this instance, when <c>Redis:Configuration</c> is set, and whether it is
/// usable right now. Redis is a help, never a dependency: while it cannot be reached the server keeps
/// answering with per-instance limits and the database poll, says so once in the log (not per request)
/// and on <c>/health/ready</c> (Degraded), and goes back to Redis when it answers again.
/// </summary>
public sealed partial class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    /// <summary>After a failed command, how long requests stay on the local fallback before Redis is tried again.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly string _prefix = options.Value.KeyPrefix;
    private ConnectionMultiplexer? _multiplexer;
    private long _failedUntil;
    private int _down;

    public bool IsConfigured { get; } = !string.IsNullOrWhiteSpace(options.Value.Configuration);

    /// <summary>Connected and not failing: use Redis. Never true when Redis is not configured.</summary>
    public bool IsAvailable => _multiplexer is { IsConnected: true } && Environment.TickCount64 >= Interlocked.Read(ref _failedUntil);

    /// <summary>The database to use now, or null: use this instance's own state instead.</summary>
    public IDatabase? Database => IsAvailable ? _multiplexer!.GetDatabase() : null;

    /// <summary>The multiplexer, for pub/sub; null when Redis is not configured or not yet started.</summary>
    public ConnectionMultiplexer? Multiplexer => _multiplexer;

    /// <summary>Raised when the connection is (re)established, so subscriptions can be made again.</summary>
    public event Action? Connected;

    public string Key(string name) => _prefix + name;

    public RedisChannel Channel(string name) => RedisChannel.Literal(_prefix + name);

    /// <summary>
    /// Connects before the first request, waiting at most the connect timeout: an unreachable Redis does
    /// not stop the server from starting, the connection keeps retrying in the background.
    /// </summary>
    public async Task StartAsync()
    {
        if (!IsConfigured || _multiplexer is not null)
        {
            return;
        }

        var configuration = options.Value.Configuration!;
        var settings = ConfigurationOptions.Parse(configuration);
        settings.AbortOnConnectFail = false;
        // While disconnected, fail at once (and use the fallback) instead of queueing commands.
        settings.BacklogPolicy = BacklogPolicy.FailFast;
        // Back within a second or so of Redis returning, not after the client's exponential back-off.
        settings.ReconnectRetryPolicy = new LinearRetry(1000);
        if (!configuration.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            // A hung Redis must not hold requests for the client's default 5 s.
            settings.AsyncTimeout = 1000;
        }

        if (!configuration.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            settings.ConnectTimeout = 2000;
        }

        _multiplexer = await ConnectionMultiplexer.ConnectAsync(settings);
        _multiplexer.ConnectionFailed += (_, e) => ReportFailure(e.Exception);
        _multiplexer.ConnectionRestored += (_, _) => OnConnected();
        if (_multiplexer.IsConnected)
        {
            OnConnected();
        }
        else
        {
            MarkDown(null);
        }
    }

    /// <summary>A command failed: stay on the fallback for a moment; warn once per outage.</summary>
    public void ReportFailure(Exception? exception)
    {
        Interlocked.Exchange(ref _failedUntil, Environment.TickCount64 + (long)RetryAfterFailure.TotalMilliseconds);
        MarkDown(exception);
    }

    /// <summary>A command succeeded: if Redis was marked down, it is back.</summary>
    public void ReportSuccess()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogRestored(logger);
        }
    }

    private void MarkDown(Exception? exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogUnreachable(logger, exception is null ? "not connected" : $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private void OnConnected()
    {
        if (_multiplexer is not { IsConnected: true })
        {
            return;
        }

        Interlocked.Exchange(ref _failedUntil, 0);
        ReportSuccess();
        Connected?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis cannot be reached ({Reason}): rate limits are per instance and revocations reach other instances through the database poll until it answers again")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: rate limits are shared and revocations published")]
    private static partial void LogRestored(ILogger logger);
}
