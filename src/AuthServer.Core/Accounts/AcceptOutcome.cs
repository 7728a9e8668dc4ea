namespace AuthServer.Core.Accounts;

public enum AcceptOutcome
{
    Joined,

    /// <summary>The user already belonged to the account; the invitation is used up all the same.</summary>
    AlreadyMember,

    /// <summary>Expired, revoked, already accepted, or no such invitation.</summary>
    NotPending,

    /// <summary>The invitation is for another email address than the signed-in user's.</summary>
    OtherEmail,
}
