using System.Threading.RateLimiting;
using AuthServer.Lookup;
using Microsoft.Extensions.Options;

namespace AuthServer.Identity;

/// <summary>
/// The sign-in limits of <see cref="LoginOptions"/>, as token buckets that only failed sign-ins draw from
/// (an honest user never meets them). Both are checked before the password is: once a bucket is empty,
/// a right guess gets the same answer as a wrong one. The account is keyed by the email typed, known or
/// not, so the answers tell nothing about which accounts exist.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perNetwork;
    private readonly PartitionedRateLimiter<string> _perUserAndNetwork;
    private readonly TimeSpan _networkRefill;
    private readonly TimeSpan _userRefill;

    public LoginThrottle(IOptions<LoginOptions> options)
    {
        var settings = options.Value;
        _networkRefill = TimeSpan.FromMinutes(1) / settings.FailuresPerNetworkPerMinute;
        _userRefill = settings.LockoutDuration / settings.FailuresPerUserAndNetwork;
        _perNetwork = LookupRateLimits.PerKey(LookupRateLimits.Bucket(settings.FailuresPerNetworkPerMinute));
        _perUserAndNetwork = LookupRateLimits.PerKey(LookupRateLimits.Bucket(settings.FailuresPerUserAndNetwork, settings.LockoutDuration));
    }

    public enum Verdict
    {
        Allowed,

        /// <summary>Too many failures from this network, for any account.</summary>
        NetworkThrottled,

        /// <summary>Too many failures for this account from this network.</summary>
        LockedOut,
    }

    /// <returns>Whether a sign-in may be tried now, and if not how long to wait.</returns>
    public (Verdict Verdict, TimeSpan RetryAfter) Check(HttpContext context, string email)
    {
        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        if (LookupRateLimits.Exhausted(_perNetwork, network, _networkRefill) is { } networkWait)
        {
            return (Verdict.NetworkThrottled, networkWait);
        }

        return LookupRateLimits.Exhausted(_perUserAndNetwork, Key(email, network), _userRefill) is { } userWait ? (Verdict.LockedOut, userWait) : (Verdict.Allowed, TimeSpan.Zero);
    }

    /// <summary>A sign-in failed: it counts against the network and against this account from this network.</summary>
    public void Failed(HttpContext context, string email)
    {
        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        _perNetwork.AttemptAcquire(network).Dispose();
        _perUserAndNetwork.AttemptAcquire(Key(email, network)).Dispose();
    }

    private static string Key(string email, string network) => email.Trim().ToUpperInvariant() + "|" + network;

    public void Dispose()
    {
        _perNetwork.Dispose();
        _perUserAndNetwork.Dispose();
    }
}
