namespace AuthServer.Identity;

/// <summary>
/// Work that must not show in how long a response takes (no user enumeration by timing, SPEC §7): it runs
/// once the response has been sent, in a service scope of its own, and a failure is logged, not answered.
/// </summary>
public static partial class AfterResponse
{
    public static void Run(HttpContext context, string what, Func<IServiceProvider, Task> work)
    {
        var scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AfterResponse));
        context.Response.OnCompleted(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work(scope.ServiceProvider);
            }
            catch (Exception exception)
            {
                LogFailed(logger, what, exception);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed after the response was sent")]
    private static partial void LogFailed(ILogger logger, string what, Exception exception);
}
