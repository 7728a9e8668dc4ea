namespace AuthServer.Hosting;

/// <summary>
/// Work done every <see cref="Interval"/> for as long as the host runs: each run in a fresh DI scope (a
/// DbContext lives for one run, not for the life of the process), and a failed run logged and tried again at
/// the next tick rather than ending the loop (an unhandled exception in a BackgroundService stops the host).
/// Optionally once at start, before the first tick, and once more on a graceful stop.
/// </summary>
/// <param name="tickClock">
/// The clock the ticks follow: wall-clock time unless a service's cadence belongs to the clock that decides what
/// is due (then that clock). A test clock moved by months would otherwise replay millions of wall-clock ticks.
/// </param>
public abstract class PeriodicBackgroundService(IServiceScopeFactory scopes, TimeProvider? tickClock = null) : BackgroundService
{
    /// <summary>Time between runs, read once when the loop starts.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Run once as soon as the host starts, then every interval.</summary>
    protected virtual bool RunsAtStart => false;

    /// <summary>Run once more on a graceful stop (SIGTERM), within the host's shutdown timeout.</summary>
    protected virtual bool RunsOnStop => false;

    /// <summary>A scope for work done outside the loop (a run asked for directly), as each run has its own.</summary>
    protected AsyncServiceScope CreateScope() => scopes.CreateAsyncScope();

    /// <summary>One run, with services from its own scope.</summary>
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>Logs a failed run, in the service's own words: what stays as it was until the next run.</summary>
    protected abstract void LogRunFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, tickClock ?? TimeProvider.System);
        if (RunsAtStart)
        {
            await TryRunAsync(stoppingToken);
        }

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryRunAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (RunsOnStop)
        {
            await TryRunAsync(cancellationToken);
        }
    }

    private async Task TryRunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = CreateScope();
            await RunAsync(scope.ServiceProvider, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRunFailed(exception);
        }
    }
}
