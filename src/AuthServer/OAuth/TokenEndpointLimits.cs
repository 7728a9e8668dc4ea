using System.ComponentModel.DataAnnotations;
using AuthServer.Hosting;
using AuthServer.RateLimiting;
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
/// Both are shared by all instances when Redis is configured (<see cref="RateLimitBuckets"/>).
/// </summary>
public sealed class TokenEndpointLimits(RateLimitBuckets buckets, IOptions<TokenEndpointOptions> options)
{
    private static readonly PathString[] Paths =
    [
        "/" + OpenIddictExtensions.Paths.Token, "/" + OpenIddictExtensions.Paths.Renew,
        "/" + OpenIddictExtensions.Paths.Revoke, "/" + OpenIddictExtensions.Paths.Introspect,
    ];

    private readonly RateLimit _requests = RateLimit.PerMinute("token", options.Value.PermitPerMinute);
    private readonly RateLimit _failures = RateLimit.PerMinute("token-failed", options.Value.FailedPerMinute);

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!Paths.Any(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next();
            return;
        }

        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        var failures = _failures.For(network);
        if (buckets.KnownEmpty(failures, out var wait))
        {
            await RefusedAsync(context, wait);
            return;
        }

        var decision = await buckets.TakeAsync(_requests.For(network), guard: failures);
        if (!decision.Allowed)
        {
            await (decision.ByGuard
                ? RefusedAsync(context, decision.RetryAfter)
                : ApiProblems.WriteRateLimitedAsync(context, decision.RetryAfter, "Too many requests from this network."));
            return;
        }

        await next();
        if (context.Response.StatusCode is >= 400 and < 500)
        {
            await buckets.TakeAsync(failures);
        }
    }

    private static Task RefusedAsync(HttpContext context, TimeSpan retryAfter) =>
        ApiProblems.WriteRateLimitedAsync(context, retryAfter, "Too many refused requests from this network.");
}
