using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthServer.Redis;

/// <summary>
/// Degraded, not Unhealthy, when Redis cannot be reached: the instance still answers every request
/// correctly (limits per instance, revocations by poll), so it must stay in the proxy's rotation.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!redis.IsConfigured ? HealthCheckResult.Healthy("Redis is not configured.")
            : redis.IsAvailable ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Redis cannot be reached: rate limits are per instance, revocations travel by database poll."));
}
