using AuthServer.Core.Keys;

namespace AuthServer.Keys;

/// <summary>
/// Rolls keys that are due and picks up keys another instance created. The ring's change token then
/// rebuilds the OpenIddict options, so a running server publishes and uses new keys without a restart.
/// </summary>
public sealed partial class KeyRotationService(
    IServiceScopeFactory scopes,
    IOptions<KeyOptions> options,
    TimeProvider time,
    ILogger<KeyRotationService> logger) : PeriodicBackgroundService(scopes, tickClock: time)
{
    // Keys fall due by the server's clock, so the checks follow it too (the tick clock above).
    protected override TimeSpan Interval => options.Value.CheckInterval;

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<KeyRingStore>().RefreshAsync(cancellationToken);

    // The keys in memory stay valid; the next tick tries again.
    protected override void LogRunFailed(Exception exception) => LogRefreshFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Key ring refresh failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
