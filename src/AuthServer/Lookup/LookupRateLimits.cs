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
        _failuresPerNetwork = PartitionedRateLimiter.Create<string, string>(
            network => RateLimitPartition.GetTokenBucketLimiter(network, _ => Bucket(failuresPerMinute)));
    }

    /// <summary>How long a blocked network waits for its next failed attempt.</summary>
    public TimeSpan FailureRetryAfter { get; }

    /// <summary>
    /// A full minute's allowance may be spent at once (the burst); it refills one permit at a time,
    /// evenly over the minute. No queueing: a lookup client is told to come back (429) instead.
    /// </summary>
    public static TokenBucketRateLimiterOptions Bucket(int permitPerMinute) => new()
    {
        TokenLimit = permitPerMinute,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / permitPerMinute,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public RateLimitLease AcquireLookup(Guid id, int permitPerMinute) => _perId.AttemptAcquire((id, permitPerMinute));

    /// <summary>
    /// Whether the network still has failed attempts left. Checked before the ID itself: if a blocked
    /// network got 429 only for wrong IDs, a 200 would still reveal a right guess.
    /// </summary>
    public bool MayFail(string network) => (_failuresPerNetwork.GetStatistics(network)?.CurrentAvailablePermits ?? 0) > 0;

    public RateLimitLease AcquireFailure(string network) => _failuresPerNetwork.AttemptAcquire(network);

    public void Dispose()
    {
        _perId.Dispose();
        _failuresPerNetwork.Dispose();
    }
}
