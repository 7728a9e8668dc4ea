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
