using System.Threading.RateLimiting;
using AuthServer.Lookup;

namespace AuthServer.Tests;

public sealed class LookupRateLimitsTests
{
    [Theory]
    [InlineData(600)]
    [InlineData(7)]
    [InlineData(1_000_000)]
    public void Bucket_RefillsExactlyThePerMinuteLimit(int permitPerMinute)
    {
        var options = LookupRateLimits.Bucket(permitPerMinute);

        Assert.Equal(permitPerMinute, options.TokenLimit);
        var perMinute = options.TokensPerPeriod * (TimeSpan.FromMinutes(1) / options.ReplenishmentPeriod);
        Assert.Equal(permitPerMinute, perMinute, precision: 3);
        Assert.Equal(0, options.QueueLimit);
    }

    [Fact]
    public void Bucket_AllowsAMinutesBurstThenRefuses()
    {
        using var limiter = new TokenBucketRateLimiter(LookupRateLimits.Bucket(5));

        var granted = Enumerable.Range(0, 6).Select(_ =>
        {
            using var lease = limiter.AttemptAcquire();
            return lease.IsAcquired;
        }).ToList();

        Assert.Equal([true, true, true, true, true, false], granted);
    }
}
