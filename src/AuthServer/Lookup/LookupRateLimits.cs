using AuthServer.Core.Affiliates;
using AuthServer.RateLimiting;

namespace AuthServer.Lookup;

/// <summary>
/// The two limits in front of lookups (SPEC §4 method 4, §8): a token bucket per affiliate ID, and a
/// token bucket per client network that only failed attempts draw from (so honest callers never
/// notice it, and guessing IDs stalls after a handful of tries). Shared by all instances when Redis is
/// configured: an ID limited to 600 a minute gets 600 in all, however many instances serve it.
/// </summary>
public sealed class LookupRateLimits(RateLimitBuckets buckets, IOptions<LookupOptions> options)
{
    private readonly RateLimit _failures = RateLimit.PerMinute("lookup-failed", options.Value.FailedPerIpPerMinute);

    /// <summary>The ID's bucket: a full minute's allowance at once, refilled evenly over the minute.</summary>
    public static RateLimit PerId(int permitPerMinute) => RateLimit.PerMinute("lookup", permitPerMinute);

    /// <summary>
    /// Whether the network is known to have no failed attempts left. Checked before the ID itself: if a
    /// blocked network got 429 only for wrong IDs, a 200 would still reveal a right guess.
    /// </summary>
    public bool KnownBlocked(string network, out TimeSpan retryAfter) => buckets.KnownEmpty(_failures.For(network), out retryAfter);

    /// <summary>One lookup with a valid ID: refused when the ID is over its limit, or the network is blocked.</summary>
    public ValueTask<RateLimitDecision> TakeLookupAsync(Guid id, int permitPerMinute, string network) =>
        buckets.TakeAsync(PerId(permitPerMinute).For(id.ToString("N")), guard: _failures.For(network));

    /// <summary>One failed attempt; refused when the network has none left.</summary>
    public ValueTask<RateLimitDecision> TakeFailureAsync(string network) => buckets.TakeAsync(_failures.For(network));
}
