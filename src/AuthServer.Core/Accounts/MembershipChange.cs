namespace AuthServer.Core.Accounts;

public enum MembershipChange
{
    Done,

    /// <summary>No such member of this account (another account's user looks the same).</summary>
    NotFound,

    /// <summary>Refused: the account would be left without an Admin.</summary>
    LastAdmin,
}
