using AuthServer.Core.Accounts;

namespace AuthServer.Razor.Settings;

/// <summary>The account a signed-in user acts in, their role there, and whether an operator suspended it (and why).</summary>
public sealed record AccountMembershipView(Guid AccountId, string AccountName, AccountRole Role, DateTime? SuspendedAt = null, string? SuspensionReason = null)
{
    public bool IsAdmin => Role == AccountRole.Admin;

    public bool IsSuspended => SuspendedAt is not null;
}
