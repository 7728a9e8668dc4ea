using AuthServer.Core.Affiliates;
using AuthServer.Core.Data;
using Microsoft.Extensions.Options;

namespace AuthServer.Lookup;

/// <summary>Writes the usage counted in memory every <c>Lookup:UsageFlushInterval</c>, and once more on shutdown.</summary>
public sealed partial class UsageFlushService(
    AffiliateUsage usage,
    IServiceScopeFactory scopes,
    IOptions<LookupOptions> options,
    TimeProvider time,
    ILogger<UsageFlushService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UsageFlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await usage.FlushAsync(scope.ServiceProvider.GetRequiredService<AuthServerDbContext>(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The counts stay in memory; the next flush tries again.
            LogFlushFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing affiliate ID usage failed")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
