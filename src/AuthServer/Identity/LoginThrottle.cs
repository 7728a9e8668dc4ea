using System.Security.Cryptography;
using System.Text;
using AuthServer.RateLimiting;

namespace AuthServer.Identity;

/// <summary>
/// The sign-in limits of <see cref="LoginOptions"/>, as token buckets that only failed sign-ins draw from
/// (an honest user never meets them), shared by all instances when Redis is configured
/// (<see cref="RateLimitBuckets"/>). Both are checked before the password is: once a bucket is empty, a
/// right guess gets the same answer as a wrong one. The account is keyed by the email typed, known or not,
/// so the answers tell nothing about which accounts exist. With Redis an instance learns that a bucket is
/// empty from its own refused take, so it may let one more attempt through per refill before it refuses too.
/// </summary>
public sealed class LoginThrottle(RateLimitBuckets buckets, IOptions<LoginOptions> options)
{
    private readonly RateLimit _perNetwork = RateLimit.PerMinute("login-failed", options.Value.FailuresPerNetworkPerMinute);

    private readonly RateLimit _perUserAndNetwork = new("login-account-failed",
        options.Value.FailuresPerUserAndNetwork / options.Value.LockoutDuration.TotalMinutes, options.Value.FailuresPerUserAndNetwork);

    /// <returns>Whether a sign-in may be tried now, and if not how long to wait.</returns>
    public (LoginVerdict Verdict, TimeSpan RetryAfter) Check(HttpContext context, string email)
    {
        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        if (buckets.KnownEmpty(_perNetwork.For(network), out var networkWait))
        {
            return (LoginVerdict.NetworkThrottled, networkWait);
        }

        return buckets.KnownEmpty(_perUserAndNetwork.For(Key(email, network)), out var userWait)
            ? (LoginVerdict.LockedOut, userWait)
            : (LoginVerdict.Allowed, TimeSpan.Zero);
    }

    /// <summary>A sign-in failed: it counts against the network and against this account from this network.</summary>
    public async Task FailedAsync(HttpContext context, string email)
    {
        var network = ClientNetwork.KeyFor(context.Connection.RemoteIpAddress);
        await buckets.TakeAsync(_perNetwork.For(network));
        await buckets.TakeAsync(_perUserAndNetwork.For(Key(email, network)));
    }

    /// <summary>The address typed, hashed: bounded in length, and no addresses in Redis keys.</summary>
    private static string Key(string email, string network) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())), 0, 16) + "|" + network;
}
