using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Razor.Pages.Settings;

/// <summary>
/// <c>/settings/connected-apps</c>: every Developer Application this account has authorized (SPEC §4),
/// and Revoke. Any member may revoke, not only Admins: any member can grant access, and taking it back
/// must never be harder than giving it.
/// </summary>
public sealed class ConnectedAppsModel(AccountGrants accountGrants, GrantRegistry grants) : SettingsPageModel
{
    public IReadOnlyList<ConnectedApp> Apps { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(Guid grantId, bool confirm, CancellationToken cancellationToken)
    {
        // Another account's grant is answered like one that does not exist.
        var grant = await accountGrants.FindAsync(Account.AccountId, grantId, cancellationToken);
        if (grant is null)
        {
            return NotFound();
        }

        if (!confirm)
        {
            await LoadAsync(cancellationToken);
            return AskToConfirm(new Confirmation($"Revoke {grant.Client!.DisplayName}?",
                $"It can no longer act for {Account.AccountName}: every token it holds stops working now, and it must ask for your consent again.",
                "Revoke", new Dictionary<string, string> { ["grantId"] = grantId.ToString() }, "Revoke access"));
        }

        await grants.RevokeAsync(grant, new AuditEntry(Account.AccountId, Actor.Actor, AuditActions.GrantRevoked,
            Ip: Actor.Ip, Detail: "client " + grant.Client!.ClientId), cancellationToken);
        StatusMessage = $"{grant.Client.DisplayName} can no longer act for {Account.AccountName}: its tokens stop working now.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Apps = await accountGrants.ListAsync(Account.AccountId, cancellationToken);
}
