using System.Threading.RateLimiting;
using AuthServer.Core.Affiliates;
using Microsoft.Extensions.Options;

namespace AuthServer.Lookup;

/// <summary>
/// The two limits in front of lookups (SPEC §4 method 4, §8): a token bucket per affiliate ID, and a
/// token bucket per client network that only failed attempts draw from (so honest callers never
/// notice it, and guessing IDs stalls after a handful of tries).
/// </summary>
public sealed class LookupRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<(Guid Id, int PermitPerMinute)> _perId;
    private readonly PartitionedRateLimiter<string> _failuresPerNetwork;

    public LookupRateLimits(IOptions<LookupOptions> options)
    {
        var failuresPerMinute = options.Value.FailedPerIpPerMinute;
        FailureRetryAfter = TimeSpan.FromMinutes(1) / failuresPerMinute;

        // The limit is part of the partition key: a changed limit starts a bucket of the new size at once,
        // and the old bucket is dropped when idle.
        _perId = PartitionedRateLimiter.Create<(Guid Id, int PermitPerMinute), (Guid, int)>(
            key => RateLimitPartition.GetTokenBucketLimiter(key, static k => Bucket(k.Item2)));
        _failuresPerNetwork = PerKey(Bucket(failuresPerMinute));
    }

    /// <summary>How long a blocked network waits for its next failed attempt.</summary>
    public TimeSpan FailureRetryAfter { get; }

    /// <summary>
    /// A full minute's allowance may be spent at once (the burst); it refills one permit at a time,
    /// evenly over the minute. No queueing: a lookup client is told to come back (429) instead.
    /// </summary>
    public static TokenBucketRateLimiterOptions Bucket(int permitPerMinute) => Bucket(permitPerMinute, TimeSpan.FromMinutes(1));

    /// <summary>
    /// One token bucket per key (a client network, an account and network), each with <paramref name="bucket"/>'s
    /// settings; buckets that have refilled and sit idle are dropped by the limiter.
    /// </summary>
    public static PartitionedRateLimiter<string> PerKey(TokenBucketRateLimiterOptions bucket) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));

    /// <summary><paramref name="permits"/> at once, refilling one at a time, evenly over <paramref name="refillTime"/>.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan refillTime) => new()
    {
        TokenLimit = permits,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = refillTime / permits,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>
    /// Looks at a bucket without spending from it: null while it holds a whole permit, else how long until
    /// the next one (at most <paramref name="refill"/>, a permit's refill time). Failure buckets are checked
    /// this way before the request runs. (A zero-permit AttemptAcquire would not do: token buckets refill
    /// continuously, so a fraction of a permit already counts as available there.)
    /// </summary>
    public static TimeSpan? Exhausted(PartitionedRateLimiter<string> limiter, string key, TimeSpan refill) =>
        (limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0) > 0 ? null : refill;

    public RateLimitLease AcquireLookup(Guid id, int permitPerMinute) => _perId.AttemptAcquire((id, permitPerMinute));

    /// <summary>
    /// Whether the network still has failed attempts left. Checked before the ID itself: if a blocked
    /// network got 429 only for wrong IDs, a 200 would still reveal a right guess.
    /// </summary>
    public bool MayFail(string network) => Exhausted(_failuresPerNetwork, network, FailureRetryAfter) is null;

    public RateLimitLease AcquireFailure(string network) => _failuresPerNetwork.AttemptAcquire(network);

    public void Dispose()
    {
        _perId.Dispose();
        _failuresPerNetwork.Dispose();
    }
}
