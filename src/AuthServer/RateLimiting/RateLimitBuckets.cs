using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using AuthServer.Redis;
using StackExchange.Redis;

namespace AuthServer.RateLimiting;

/// <summary>
/// Every rate limit of the server (lookups, the OAuth endpoints, failed attempts) draws from here. With
/// <c>Redis:Configuration</c> set, a bucket is one budget for all instances, kept in Redis and changed
/// atomically by a script; otherwise, and whenever Redis cannot be reached, each instance keeps its own
/// buckets in memory (SPEC §8). Either way a refusal is never an error: no limit answers 5xx.
/// </summary>
public sealed class RateLimitBuckets(RedisConnection redis) : IDisposable
{
    private readonly PartitionedRateLimiter<RateLimitBucket> _local = PartitionedRateLimiter.Create<RateLimitBucket, RateLimitBucket>(
        bucket => RateLimitPartition.GetTokenBucketLimiter(bucket, static b => b.Limit.LocalOptions()));

    /// <summary>
    /// Buckets Redis recently said were empty, and until when (<see cref="Environment.TickCount64"/>):
    /// no permit can come back sooner, so until then this instance refuses without asking again. A
    /// flood of refused requests (the abuse the limits are for) then costs no round trip.
    /// </summary>
    private readonly ConcurrentDictionary<RateLimitBucket, long> _emptyUntil = new();

    private const int MaxRemembered = 100_000;

    /// <summary>
    /// Whether this instance already knows the bucket is empty, without asking anyone: a cheap 429 before
    /// any work (a database read for an unknown ID). A false answer promises nothing: take a permit.
    /// </summary>
    public bool KnownEmpty(RateLimitBucket bucket, out TimeSpan retryAfter)
    {
        if (redis.IsAvailable)
        {
            return RememberedEmpty(bucket, out retryAfter);
        }

        retryAfter = bucket.Limit.RefillInterval;
        return LocalEmpty(bucket);
    }

    /// <summary>
    /// Takes one permit from <paramref name="bucket"/>, unless <paramref name="guard"/> is empty (checked,
    /// not drawn from, in the same step): e.g. a lookup is counted against its ID only while the caller's
    /// network still has failed attempts left.
    /// </summary>
    public async ValueTask<RateLimitDecision> TakeAsync(RateLimitBucket bucket, RateLimitBucket? guard = null)
    {
        if (redis.Database is { } database)
        {
            if (guard is { } g && RememberedEmpty(g, out var guardWait))
            {
                return new(false, guardWait, ByGuard: true);
            }

            if (RememberedEmpty(bucket, out var wait))
            {
                return new(false, wait, ByGuard: false);
            }

            try
            {
                var decision = await TakeSharedAsync(database, bucket, guard);
                redis.ReportSuccess();
                if (!decision.Allowed)
                {
                    Remember(decision.ByGuard ? guard!.Value : bucket, decision.RetryAfter);
                }

                return decision;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // This request, and those until Redis answers again, fall back to this instance's buckets.
                redis.ReportFailure(exception);
            }
        }

        return TakeLocal(bucket, guard);
    }

    private RateLimitDecision TakeLocal(RateLimitBucket bucket, RateLimitBucket? guard)
    {
        if (guard is { } g && LocalEmpty(g))
        {
            return new(false, g.Limit.RefillInterval, ByGuard: true);
        }

        using var lease = _local.AttemptAcquire(bucket);
        if (lease.IsAcquired)
        {
            return RateLimitDecision.Allow;
        }

        return new(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : bucket.Limit.RefillInterval, ByGuard: false);
    }

    private bool LocalEmpty(RateLimitBucket bucket) => (_local.GetStatistics(bucket)?.CurrentAvailablePermits ?? 0) <= 0;

    private async Task<RateLimitDecision> TakeSharedAsync(IDatabase database, RateLimitBucket bucket, RateLimitBucket? guard)
    {
        RedisKey[] keys = guard is { } g ? [Key(bucket), Key(g)] : [Key(bucket)];
        RedisValue[] values = guard is { } h
            ? [PerMillisecond(bucket.Limit), bucket.Limit.Burst, PerMillisecond(h.Limit), h.Limit.Burst]
            : [PerMillisecond(bucket.Limit), bucket.Limit.Burst];
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(TokenBucketScript, keys, values))!;
        var outcome = (int)result[0];
        return outcome == 1
            ? RateLimitDecision.Allow
            : new(false, TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1])), ByGuard: outcome == 2);
    }

    private RedisKey Key(RateLimitBucket bucket) =>
        redis.Key(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rl:{bucket.Limit.Name}:{bucket.Limit.PermitPerMinute}:{bucket.Limit.Burst}:{bucket.Key}"));

    private static double PerMillisecond(RateLimit limit) => limit.PermitPerMinute / 60_000d;

    private bool RememberedEmpty(RateLimitBucket bucket, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_emptyUntil.TryGetValue(bucket, out var until))
        {
            return false;
        }

        var left = until - Environment.TickCount64;
        if (left <= 0)
        {
            _emptyUntil.TryRemove(KeyValuePair.Create(bucket, until));
            return false;
        }

        retryAfter = TimeSpan.FromMilliseconds(left);
        return true;
    }

    private void Remember(RateLimitBucket bucket, TimeSpan retryAfter)
    {
        if (_emptyUntil.Count >= MaxRemembered)
        {
            var now = Environment.TickCount64;
            foreach (var (key, until) in _emptyUntil)
            {
                if (until <= now)
                {
                    _emptyUntil.TryRemove(KeyValuePair.Create(key, until));
                }
            }

            if (_emptyUntil.Count >= MaxRemembered)
            {
                return; // Only an optimisation: Redis still decides.
            }
        }

        _emptyUntil[bucket] = Environment.TickCount64 + (long)retryAfter.TotalMilliseconds;
    }

    /// <summary>
    /// One token bucket per key, as a hash {t: tokens, ts: last update in ms}, refilled from Redis's own
    /// clock (instances' clocks may differ) and expiring once it would be full again anyway.
    /// KEYS[1] the bucket, KEYS[2] an optional guard; ARGV: rate per ms and burst of each.
    /// Returns {1, 0} taken, {0, ms} bucket empty, {2, ms} guard empty, with ms until the next permit.
    /// </summary>
    private const string TokenBucketScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local function level(key, rate, burst)
          local v = redis.call('HMGET', key, 't', 'ts')
          if not v[1] then return burst end
          return math.min(burst, tonumber(v[1]) + math.max(0, now - tonumber(v[2])) * rate)
        end
        if KEYS[2] then
          local guardRate = tonumber(ARGV[3])
          local g = level(KEYS[2], guardRate, tonumber(ARGV[4]))
          if g < 1 then return {2, math.ceil((1 - g) / guardRate)} end
        end
        local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
        local t = level(KEYS[1], rate, burst)
        if t < 1 then return {0, math.ceil((1 - t) / rate)} end
        redis.call('HSET', KEYS[1], 't', tostring(t - 1), 'ts', now)
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate))
        return {1, 0}
        """;

    public void Dispose() => _local.Dispose();
}
