using AuthServer.RateLimiting;

namespace AuthServer.OAuth;

/// <summary>
/// Rate limits in front of the OAuth endpoints: an overall budget per client network, one that only
/// refused requests draw from, and a smaller one for failed client authentication (a wrong secret or an
/// unknown client_id), so guessing secrets stalls after a handful of tries while an honest integrator never
/// meets them (seed 001 advises clients to rate-limit refresh too). An empty failure bucket answers every
/// request from that network 429 before the secret is checked, so a right guess cannot be told apart.
/// All are shared by all instances when Redis is configured (<see cref="RateLimitBuckets"/>); there an
/// instance learns that the client-authentication bucket is empty from its own refused take, so it may let
/// one more attempt through per refill before it answers 429 too.
/// </summary>
public sealed class TokenEndpointLimits(RateLimitBuckets buckets, IOptions<TokenEndpointOptions> options)
{
    private static readonly PathString[] Paths =
    [
        "/" + OAuthPaths.Token, "/" + OAuthPaths.Renew, "/" + OAuthPaths.Revoke, "/" + OAuthPaths.Introspect,
    ];

    private readonly RateLimit _requests = RateLimit.PerMinute("token", options.Value.PermitPerMinute);
    private readonly RateLimit _failures = RateLimit.PerMinute("token-failed", options.Value.FailedPerMinute);
    private readonly RateLimit _clientAuthFailures = new("token-client-auth-failed", options.Value.ClientAuthFailuresPerMinute, options.Value.ClientAuthFailureBurst);

    /// <summary>Paths the limits do not cover go straight on: no state machine or closure for them.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        IsLimited(context.Request.Path) ? LimitAsync(context, next) : next(context);

    private async Task LimitAsync(HttpContext context, RequestDelegate next)
    {
        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        var failures = _failures.For(network);
        if (buckets.KnownEmpty(failures, out var wait))
        {
            await RefusedAsync(context, wait);
            return;
        }

        var clientAuthFailures = _clientAuthFailures.For(network);
        if (buckets.KnownEmpty(clientAuthFailures, out var authWait))
        {
            await ApiProblems.WriteRateLimitedAsync(context, authWait, "Too many failed client authentications from this network.");
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

        await next(context);
        var status = context.Response.StatusCode;
        if (status is >= 400 and < 500)
        {
            await buckets.TakeAsync(failures);
        }

        // invalid_client is the only 401 the OAuth endpoints answer.
        if (status == StatusCodes.Status401Unauthorized)
        {
            await buckets.TakeAsync(clientAuthFailures);
        }
    }

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

    private static Task RefusedAsync(HttpContext context, TimeSpan retryAfter) =>
        ApiProblems.WriteRateLimitedAsync(context, retryAfter, "Too many refused requests from this network.");
}
