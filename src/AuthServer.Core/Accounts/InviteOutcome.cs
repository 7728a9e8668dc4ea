namespace AuthServer.Core.Accounts;

public enum InviteOutcome
{
    /// <summary>Created: <see cref="InviteResult.Token"/> goes into the mailed link, and nowhere else.</summary>
    Created,
    InvalidEmail,
    AlreadyMember,
    AlreadyInvited,
    TooManyPending,
}
