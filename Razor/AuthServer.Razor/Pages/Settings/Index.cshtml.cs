using AuthServer.Razor.Settings;

namespace AuthServer.Razor.Pages.Settings;

/// <summary><c>/settings</c>: the current account's settings pages (Admin-only ones for Admins only).</summary>
public sealed class IndexModel(CurrentAccount current) : SettingsPageModel
{
    public IReadOnlyList<AccountMembershipView> Accounts { get; private set; } = [];

    public IReadOnlyList<SettingsSection> Sections => SettingsSections.For(Account);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Accounts = await current.ListAsync(User, cancellationToken);
}
