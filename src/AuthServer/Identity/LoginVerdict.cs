namespace AuthServer.Identity;

/// <summary>What <see cref="LoginThrottle"/> says of a sign-in about to be tried.</summary>
public enum LoginVerdict
{
    Allowed,

    /// <summary>Too many failures from this network, for any account.</summary>
    NetworkThrottled,

    /// <summary>Too many failures for this account from this network.</summary>
    LockedOut,
}
