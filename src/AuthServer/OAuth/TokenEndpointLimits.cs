using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using AuthServer.Hosting;
using AuthServer.Lookup;
using Microsoft.Extensions.Options;

namespace AuthServer.OAuth;

/// <summary>Limits of the OAuth endpoints (configuration section <c>TokenEndpoint</c>, SPEC §8).</summary>
public sealed class TokenEndpointOptions
{
    public const string Section = "TokenEndpoint";

    /// <summary>Requests a minute from one client network to token, renew, revoke and introspect (burst of a full minute).</summary>
    [Range(1, 10_000_000)]
    public int PermitPerMinute { get; set; } = 6000;

    /// <summary>Refused requests (4xx) a minute from one client network; past it, every request gets 429.</summary>
    [Range(1, 1_000_000)]
    public int FailedPerMinute { get; set; } = 60;
}

/// <summary>
/// Rate limits in front of the OAuth endpoints: an overall budget per client network, and a small one
/// that only refused requests draw from, so guessing credentials or replaying tokens stalls quickly
/// while an honest integrator never meets it (seed 001 advises clients to rate-limit refresh too).
/// </summary>
public sealed class TokenEndpointLimits : IDisposable
{
    private static readonly PathString[] Paths =
    [
        "/" + OpenIddictExtensions.Paths.Token, "/" + OpenIddictExtensions.Paths.Renew,
        "/" + OpenIddictExtensions.Paths.Revoke, "/" + OpenIddictExtensions.Paths.Introspect,
    ];

    private readonly PartitionedRateLimiter<string> _requests;
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly TimeSpan _failureRetryAfter;

    public TokenEndpointLimits(IOptions<TokenEndpointOptions> options)
    {
        var settings = options.Value;
        _failureRetryAfter = TimeSpan.FromMinutes(1) / settings.FailedPerMinute;
        _requests = PartitionedRateLimiter.Create<string, string>(n => RateLimitPartition.GetTokenBucketLimiter(n, _ => LookupRateLimits.Bucket(settings.PermitPerMinute)));
        _failures = PartitionedRateLimiter.Create<string, string>(n => RateLimitPartition.GetTokenBucketLimiter(n, _ => LookupRateLimits.Bucket(settings.FailedPerMinute)));
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        IsLimited(context.Request.Path) ? LimitAsync(context, next) : next(context);

    private static bool IsLimited(PathString path)
    {
        foreach (var limited in Paths)
        {
            if (path.Equals(limited, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async Task LimitAsync(HttpContext context, RequestDelegate next)
    {

        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        if ((_failures.GetStatistics(network)?.CurrentAvailablePermits ?? 0) <= 0)
        {
            await ApiProblems.WriteRateLimitedAsync(context, _failureRetryAfter, "Too many refused requests from this network.");
            return;
        }

        using var lease = _requests.AttemptAcquire(network);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            await ApiProblems.WriteRateLimitedAsync(context, retryAfter, "Too many requests from this network.");
            return;
        }

        await next(context);
        if (context.Response.StatusCode is >= 400 and < 500)
        {
            _failures.AttemptAcquire(network).Dispose();
        }
    }

    public void Dispose()
    {
        _requests.Dispose();
        _failures.Dispose();
    }
}
