namespace AuthServer.Core.Accounts;

/// <summary>The tenant (SPEC §2): every participant, client, grant and document belongs to exactly one.</summary>
public sealed class Account
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<Membership> Members { get; } = [];

    /// <summary>Set while a server operator has suspended the account (SPEC §2 "Operator"); null otherwise.</summary>
    public DateTime? SuspendedAt { get; set; }

    /// <summary>The operator's reason, shown to the account's users.</summary>
    public string? SuspensionReason { get; set; }

    /// <summary>The operator who suspended it ("operator:{user id}").</summary>
    public string? SuspendedBy { get; set; }
}

public enum AccountRole
{
    Member = 0,
    Admin = 1,
}

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
