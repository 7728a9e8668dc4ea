using System.ComponentModel.DataAnnotations;

namespace AuthServer.Identity;

/// <summary>
/// Limits on password sign-in (configuration section <c>Login</c>): online guessing stalls per network
/// first, then per account and network, and only a much higher count locks the account everywhere, so a
/// stranger who knows an email address cannot lock its owner out (SPEC §7: lockout on).
/// </summary>
public sealed class LoginOptions
{
    public const string Section = "Login";

    /// <summary>Failed sign-ins a client network may make a minute (a minute's worth at once); past it every sign-in from it gets 429.</summary>
    [Range(1, 100_000)]
    public int FailuresPerNetworkPerMinute { get; set; } = 10;

    /// <summary>Failed sign-ins for one account from one network before that network is locked out of it for <see cref="LockoutDuration"/>.</summary>
    [Range(1, 1000)]
    public int FailuresPerUserAndNetwork { get; set; } = 5;

    /// <summary>Failed sign-ins for one account, from all networks together, before it is locked out everywhere (Identity's lockout).</summary>
    [Range(1, 100_000)]
    public int FailuresPerUser { get; set; } = 50;

    /// <summary>How long a lockout lasts; the per-network one refills evenly over this time.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
