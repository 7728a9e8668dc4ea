using AuthServer.Core.Keys;
using Microsoft.Extensions.Options;

namespace AuthServer.Keys;

/// <summary>
/// Rolls keys that are due and picks up keys another instance created. The ring's change token then
/// rebuilds the OpenIddict options, so a running server publishes and uses new keys without a restart.
/// </summary>
public sealed partial class KeyRotationService(
    IServiceScopeFactory scopes,
    IOptions<KeyOptions> options,
    TimeProvider time,
    ILogger<KeyRotationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<KeyRingStore>().RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The keys in memory stay valid; the next tick tries again.
                LogRefreshFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Key ring refresh failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
