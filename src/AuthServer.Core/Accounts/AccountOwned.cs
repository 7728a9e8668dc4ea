namespace AuthServer.Core.Accounts;

/// <summary>
/// A row that belongs to exactly one <see cref="Account"/> (SPEC §2: the tenant everything is scoped by), with its
/// own id and the time it was created. Every query for one filters on <see cref="AccountId"/>, so that one
/// account never sees another's. Not an entity of its own: each subclass is its own table.
/// </summary>
public abstract class AccountOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public DateTime CreatedAt { get; set; }
}
