using System.Threading.RateLimiting;
using AuthServer.RateLimiting;
using AuthServer.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuthServer.Tests;

/// <summary>The token buckets as one instance keeps them (no Redis configured).</summary>
public sealed class RateLimitTests
{
    [Theory]
    [InlineData(600)]
    [InlineData(7)]
    [InlineData(1_000_000)]
    public void PerMinute_RefillsExactlyThePerMinuteLimit(int permitPerMinute)
    {
        var options = RateLimit.PerMinute("test", permitPerMinute).LocalOptions();

        Assert.Equal(permitPerMinute, options.TokenLimit);
        var perMinute = options.TokensPerPeriod * (TimeSpan.FromMinutes(1) / options.ReplenishmentPeriod);
        Assert.Equal(permitPerMinute, perMinute, precision: 3);
        Assert.Equal(0, options.QueueLimit);
    }

    [Fact]
    public void Burst_CanBeSmallerThanAMinutesAllowance()
    {
        var options = new RateLimit("test", PermitPerMinute: 60, Burst: 10).LocalOptions();

        Assert.Equal(10, options.TokenLimit);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReplenishmentPeriod);
    }

    [Fact]
    public async Task Take_AllowsTheBurstThenRefusesWithRetryAfter()
    {
        using var buckets = LocalBuckets();
        var bucket = RateLimit.PerMinute("test", 5).For("203.0.113.7");

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 6; i++)
        {
            decisions.Add(await buckets.TakeAsync(bucket));
        }

        Assert.Equal([true, true, true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.InRange(decisions[^1].RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(12));
        Assert.True(buckets.KnownEmpty(bucket, out _));
    }

    [Fact]
    public async Task Take_GuardEmpty_RefusedByGuardWithoutDrawing()
    {
        using var buckets = LocalBuckets();
        var guard = RateLimit.PerMinute("failed", 1).For("net");
        var bucket = RateLimit.PerMinute("requests", 100).For("net");
        Assert.True((await buckets.TakeAsync(guard)).Allowed);

        var decision = await buckets.TakeAsync(bucket, guard);

        Assert.False(decision.Allowed);
        Assert.True(decision.ByGuard);
        Assert.Equal(TimeSpan.FromMinutes(1), decision.RetryAfter);
        Assert.False(buckets.KnownEmpty(bucket, out _)); // nothing was taken from it
    }

    [Fact]
    public async Task Buckets_OfOtherKeysAndLimits_AreIndependent()
    {
        using var buckets = LocalBuckets();
        var limit = RateLimit.PerMinute("test", 1);
        Assert.True((await buckets.TakeAsync(limit.For("a"))).Allowed);

        Assert.True((await buckets.TakeAsync(limit.For("b"))).Allowed);
        Assert.True((await buckets.TakeAsync(RateLimit.PerMinute("other", 1).For("a"))).Allowed);
        Assert.True((await buckets.TakeAsync(RateLimit.PerMinute("test", 2).For("a"))).Allowed); // a changed limit: a new bucket
    }

    private static RateLimitBuckets LocalBuckets() =>
        new(new RedisConnection(Options.Create(new RedisOptions()), NullLogger<RedisConnection>.Instance));
}
