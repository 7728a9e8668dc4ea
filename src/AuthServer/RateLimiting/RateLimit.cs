using System.Threading.RateLimiting;

namespace AuthServer.RateLimiting;

/// <summary>
/// One kind of limit, as a token bucket: at most <see cref="Burst"/> permits can be spent at once, and
/// they come back one at a time, evenly, <see cref="PermitPerMinute"/> a minute. No queueing: a caller
/// over the limit is told when to come back (429 with Retry-After).
/// </summary>
/// <param name="Name">Names the limit in shared storage, so that two limits never share a bucket.</param>
/// <param name="PermitPerMinute">May be a fraction: a lockout of 5 failures per 15 minutes refills 1/3 a minute.</param>
public readonly record struct RateLimit(string Name, double PermitPerMinute, int Burst)
{
    /// <summary>A full minute's allowance may be spent at once (the burst).</summary>
    public static RateLimit PerMinute(string name, int permitPerMinute) => new(name, permitPerMinute, permitPerMinute);

    /// <summary>How long one permit takes to come back.</summary>
    public TimeSpan RefillInterval => TimeSpan.FromMinutes(1) / PermitPerMinute;

    /// <summary>The bucket of this limit for one key (a client network, an affiliate ID, ...).</summary>
    public RateLimitBucket For(string key) => new(this, key);

    /// <summary>The same bucket as one instance keeps it in memory.</summary>
    public TokenBucketRateLimiterOptions LocalOptions() => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = RefillInterval,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
