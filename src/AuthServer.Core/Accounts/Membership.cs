namespace AuthServer.Core.Accounts;

/// <summary>
/// A user's place in an account. A user may belong to several accounts; only Admins manage
/// credentials, affiliate IDs and members, and only they may grant the <c>admin</c> scope.
/// </summary>
public sealed class Membership
{
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public AccountRole Role { get; set; }
    public DateTime CreatedAt { get; set; }
}
