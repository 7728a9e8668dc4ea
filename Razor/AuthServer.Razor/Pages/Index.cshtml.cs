using AuthServer.Core.Accounts;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Razor.Pages;

/// <summary>
/// The home page. Signed out: what the server is and where to start. Signed in: the current account at a
/// glance (participants, API key, connected apps, Developer Applications, members) with the next step
/// for each, invitations waiting for the user, and the way to the API reference.
/// </summary>
public sealed class IndexModel(
    CurrentAccount current,
    AuthServerDbContext db,
    InvitationService invitations,
    UserManager<AppUser> users) : PageModel
{
    /// <summary>Shown on the home page's summary: enough to recognise them, not a full list.</summary>
    public const int ParticipantsShown = 5;

    public AccountMembershipView? Account { get; private set; }

    public IReadOnlyList<AccountMembershipView> Accounts { get; private set; } = [];

    public HomeSummary? Summary { get; private set; }

    public IReadOnlyList<InvitationView> Invitations { get; private set; } = [];

    public IReadOnlyList<SettingsSection> Sections => Account is null ? [] : SettingsSections.For(Account);

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        Accounts = await current.ListAsync(User, cancellationToken);
        Account = await current.GetAsync(User, cancellationToken);
        if (await users.GetUserAsync(User) is { } user)
        {
            Invitations = await invitations.PendingForAsync(user, cancellationToken);
        }

        if (Account is { } account)
        {
            Summary = await SummarizeAsync(account.AccountId, cancellationToken);
        }
    }

    /// <summary>Accepts an invitation shown on the page (for the user's confirmed email) and switches to that account.</summary>
    public async Task<IActionResult> OnPostAcceptInvitationAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true || await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        var invitation = (await invitations.PendingForAsync(user, cancellationToken)).FirstOrDefault(i => i.Id == invitationId);
        var outcome = invitation is null ? AcceptOutcome.NotPending
            : await invitations.AcceptByIdAsync(invitationId, user, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (outcome is AcceptOutcome.Joined or AcceptOutcome.AlreadyMember)
        {
            await current.SelectAsync(User, invitation!.AccountId, cancellationToken);
            StatusMessage = $"You joined {invitation.AccountName} as {(invitation.Role == AccountRole.Admin ? "an Admin" : "a Member")}.";
        }
        else
        {
            StatusMessage = "That invitation can no longer be accepted: it expired or was revoked.";
        }

        return RedirectToPage();
    }

    private async Task<HomeSummary> SummarizeAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var participants = await db.Participants.AsNoTracking().Where(p => p.AccountId == accountId)
            .OrderBy(p => p.Name).Select(p => new { p.Name, p.PeppolId, p.Status }).Take(ParticipantsShown).ToListAsync(cancellationToken);
        var participantCount = await db.Participants.CountAsync(p => p.AccountId == accountId, cancellationToken);
        var apiKey = await db.Clients.AsNoTracking().Where(c => c.AccountId == accountId && c.Kind == ClientKind.ApiKey)
            .Select(c => new { c.ClientId, Secrets = c.Secrets.Count }).SingleOrDefaultAsync(cancellationToken);
        var connected = await db.Grants.AsNoTracking().Where(g => g.AccountId == accountId)
            .Select(g => g.Client!.DisplayName ?? g.Client.ClientId!).OrderBy(n => n).ToListAsync(cancellationToken);
        var developerApps = await db.Clients.CountAsync(c => c.AccountId == accountId && c.Kind == ClientKind.DeveloperApp, cancellationToken);
        var members = await db.Memberships.CountAsync(m => m.AccountId == accountId, cancellationToken);
        var open = await db.Invitations.CountAsync(i => i.AccountId == accountId && i.AcceptedAt == null && i.RevokedAt == null, cancellationToken);
        return new HomeSummary([.. participants.Select(p => (p.Name, p.PeppolId, p.Status))], participantCount, apiKey?.ClientId, apiKey?.Secrets ?? 0,
            connected, developerApps, members, open);
    }
}
