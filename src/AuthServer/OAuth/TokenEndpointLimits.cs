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

    /// <summary>Failed client authentications (401 <c>invalid_client</c>) one client network may make in a row before 429.</summary>
    [Range(1, 1_000_000)]
    public int ClientAuthFailureBurst { get; set; } = 10;

    /// <summary>How many more failed client authentications a client network is allowed each minute, refilled evenly.</summary>
    [Range(1, 1_000_000)]
    public int ClientAuthFailuresPerMinute { get; set; } = 10;
}

/// <summary>
/// Rate limits in front of the OAuth endpoints: an overall budget per client network, one that only
/// refused requests draw from, and a smaller one for failed client authentication (a wrong secret or an
/// unknown client_id), so guessing secrets stalls after a handful of tries while an honest integrator never
/// meets them (seed 001 advises clients to rate-limit refresh too). Each empty failure bucket answers every
/// request from that network 429 before the secret is checked, so a right guess cannot be told apart.
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
    private readonly PartitionedRateLimiter<string> _clientAuthFailures;
    private readonly TimeSpan _failureRefill;
    private readonly TimeSpan _clientAuthFailureRefill;

    public TokenEndpointLimits(IOptions<TokenEndpointOptions> options)
    {
        var settings = options.Value;
        _failureRefill = TimeSpan.FromMinutes(1) / settings.FailedPerMinute;
        _clientAuthFailureRefill = TimeSpan.FromMinutes(1) / settings.ClientAuthFailuresPerMinute;
        _requests = LookupRateLimits.PerKey(LookupRateLimits.Bucket(settings.PermitPerMinute));
        _failures = LookupRateLimits.PerKey(LookupRateLimits.Bucket(settings.FailedPerMinute));
        _clientAuthFailures = LookupRateLimits.PerKey(LookupRateLimits.Bucket(settings.ClientAuthFailureBurst,
            TimeSpan.FromMinutes(1) * settings.ClientAuthFailureBurst / settings.ClientAuthFailuresPerMinute));
    }

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!IsLimited(context.Request.Path))
        {
            await next();
            return;
        }

        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        if (LookupRateLimits.Exhausted(_failures, network, _failureRefill) is { } failureWait)
        {
            await ApiProblems.WriteRateLimitedAsync(context, failureWait, "Too many refused requests from this network.");
            return;
        }

        if (LookupRateLimits.Exhausted(_clientAuthFailures, network, _clientAuthFailureRefill) is { } authWait)
        {
            await ApiProblems.WriteRateLimitedAsync(context, authWait, "Too many failed client authentications from this network.");
            return;
        }

        using var lease = _requests.AttemptAcquire(network);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            await ApiProblems.WriteRateLimitedAsync(context, retryAfter, "Too many requests from this network.");
            return;
        }

        await next();
        var status = context.Response.StatusCode;
        if (status is >= 400 and < 500)
        {
            _failures.AttemptAcquire(network).Dispose();
        }

        // invalid_client is the only 401 the OAuth endpoints answer.
        if (status == StatusCodes.Status401Unauthorized)
        {
            _clientAuthFailures.AttemptAcquire(network).Dispose();
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

    public void Dispose()
    {
        _requests.Dispose();
        _failures.Dispose();
        _clientAuthFailures.Dispose();
    }
}
