using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Razor.Pages.Settings;

public sealed record ConnectedApp(
    Guid GrantId,
    string AppName,
    string OwnerName,
    string? HomepageUrl,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Participants,
    string ConsentedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastUsedAt);

/// <summary>
/// <c>/settings/connected-apps</c>: every Developer Application this account has authorized (SPEC §4),
/// and Revoke. Any member may revoke, not only Admins: any member can grant access, and taking it back
/// must never be harder than giving it.
/// </summary>
public sealed class ConnectedAppsModel(AuthServerDbContext db, GrantRegistry grants) : SettingsPageModel
{
    public IReadOnlyList<ConnectedApp> Apps { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(Guid grantId, bool confirm, CancellationToken cancellationToken)
    {
        // Another account's grant is answered like one that does not exist.
        var grant = await db.Grants.Include(g => g.Client)
            .SingleOrDefaultAsync(g => g.Id == grantId && g.AccountId == Account.AccountId, cancellationToken);
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

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Grants.AsNoTracking()
            .Where(g => g.AccountId == Account.AccountId)
            .Select(g => new
            {
                g.Id,
                Name = g.Client!.DisplayName,
                Owner = g.Client.Account!.Name,
                g.Client.HomepageUrl,
                g.Scopes,
                Participants = g.Participants.Select(p => p.Participant!.Name).ToList(),
                ConsentedBy = db.Users.Where(u => u.Id == g.ConsentedByUserId).Select(u => u.Email).FirstOrDefault(),
                g.CreatedAt,
                g.UpdatedAt,
                g.LastUsedAt,
            })
            .ToListAsync(cancellationToken);
        Apps = [.. rows
            .Select(r => new ConnectedApp(r.Id, r.Name ?? "", r.Owner, r.HomepageUrl,
                r.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), [.. r.Participants.Order(StringComparer.CurrentCulture)],
                r.ConsentedBy ?? "a former member", r.CreatedAt, r.UpdatedAt, r.LastUsedAt))
            .OrderBy(a => a.AppName, StringComparer.CurrentCultureIgnoreCase)];
    }
}
