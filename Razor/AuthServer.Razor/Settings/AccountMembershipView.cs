using AuthServer.Core.Accounts;

namespace AuthServer.Razor.Settings;

/// <summary>The account a signed-in user acts in, and their role there.</summary>
public sealed record AccountMembershipView(Guid AccountId, string AccountName, AccountRole Role)
{
    public bool IsAdmin => Role == AccountRole.Admin;
}
