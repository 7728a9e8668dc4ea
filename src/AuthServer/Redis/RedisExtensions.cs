using AuthServer.RateLimiting;

namespace AuthServer.Redis;

public static class RedisExtensions
{
    public const string HealthCheckName = "redis";

    /// <summary>
    /// Rate limit buckets, and with <c>Redis:Configuration</c> set the Redis that makes them, revocations and
    /// suspensions shared by every instance (SPEC §8). Without it nothing here touches the network.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerScaleOut(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section);
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddSingleton<RateLimitBuckets>();
        builder.Services.AddHostedService<RevocationBroadcast>();
        builder.Services.AddHostedService<SuspensionBroadcast>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckName, tags: [Hosting.HealthExtensions.ReadyTag]);

        return builder;
    }
}
