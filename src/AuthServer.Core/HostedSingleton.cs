using Microsoft.Extensions.Hosting;

namespace AuthServer.Core;

public static class HostedSingleton
{
    /// <summary>
    /// A background service that is also a singleton other code (and tests) can resolve: the host runs the
    /// very instance they get. <c>AddHostedService&lt;T&gt;</c> alone would build a second, unreachable one.
    /// </summary>
    public static IServiceCollection AddHostedSingleton<TService>(this IServiceCollection services)
        where TService : class, IHostedService
    {
        services.AddSingleton<TService>();
        return services.AddHostedService(provider => provider.GetRequiredService<TService>());
    }
}
