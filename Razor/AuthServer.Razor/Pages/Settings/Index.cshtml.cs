using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Razor.Pages.Settings;

public sealed class IndexModel(CurrentAccount current) : SettingsPageModel
{
    public IReadOnlyList<AccountMembershipView> Accounts { get; private set; } = [];

    public IReadOnlyList<SettingsSection> Sections => SettingsSections.For(Account);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Accounts = await current.ListAsync(User, cancellationToken);

    public async Task<IActionResult> OnPostSwitchAsync(Guid accountId, CancellationToken cancellationToken)
    {
        // An account the user does not belong to is answered like one that does not exist.
        return await current.SelectAsync(User, accountId, cancellationToken) ? RedirectToPage() : NotFound();
    }
}
