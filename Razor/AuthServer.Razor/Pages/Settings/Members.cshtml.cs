using AuthServer.Core.Accounts;
using AuthServer.Razor.Members;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Razor.Pages.Settings;

/// <summary>
/// <c>/settings/members</c> (SPEC §2, §7): everyone sees who belongs to the account; Admins invite by
/// email with a role, revoke invitations, change roles and remove members; anyone may leave. The last
/// Admin can be neither demoted, removed nor leave (<see cref="AccountMembers"/>).
/// </summary>
public sealed class MembersModel(AccountMembers members, InvitationService invitations, InvitationMail mail) : SettingsPageModel
{
    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    /// <summary>Open invitations (pending and expired), for Admins.</summary>
    public IReadOnlyList<InvitationView> Invitations { get; private set; } = [];

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Why the last change was refused, shown above the list.</summary>
    public string? ErrorMessage { get; private set; }

    public string CurrentUserId => UserId;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (!Account.IsAdmin)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = await invitations.InviteAsync(Account.AccountId, Input.Email, Input.Role, Actor, UserId, cancellationToken);
        var refusal = result.Outcome switch
        {
            InviteOutcome.InvalidEmail => "Enter one email address, e.g. anna@example.com.",
            InviteOutcome.AlreadyMember => $"{Input.Email} is already a member of {Account.AccountName}.",
            InviteOutcome.AlreadyInvited => $"{Input.Email} already has a pending invitation: revoke it to send a new one.",
            InviteOutcome.TooManyPending => $"{Account.AccountName} has {InvitationService.MaxPending} pending invitations: revoke some first.",
            _ => null,
        };
        if (refusal is not null)
        {
            ModelState.AddModelError("Input.Email", refusal);
            await LoadAsync(cancellationToken);
            return Page();
        }

        await mail.SendAsync(Request, result.Invitation!, result.Token!, Account.AccountName, User.Identity?.Name ?? "An Admin");
        StatusMessage = $"Invitation sent to {result.Invitation!.Email}. The link works for {InvitationService.Lifetime.TotalDays:0} days.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeInvitationAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        if (!Account.IsAdmin)
        {
            return Forbid();
        }

        if (!await invitations.RevokeAsync(Account.AccountId, invitationId, Actor, cancellationToken))
        {
            return NotFound();
        }

        StatusMessage = "Invitation revoked: its link no longer works.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangeRoleAsync(string userId, AccountRole role, CancellationToken cancellationToken)
    {
        if (!Account.IsAdmin)
        {
            return Forbid();
        }

        var result = await members.ChangeRoleAsync(Account.AccountId, userId, role, Actor, cancellationToken);
        return await AfterChangeAsync(result, $"Role changed to {role}.", cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string userId, bool confirm, CancellationToken cancellationToken)
    {
        if (!Account.IsAdmin)
        {
            return Forbid();
        }

        if (userId == UserId)
        {
            return await OnPostLeaveAsync(confirm, cancellationToken);
        }

        await LoadAsync(cancellationToken);
        if (Members.FirstOrDefault(m => m.UserId == userId) is not { } member)
        {
            return NotFound();
        }

        if (!confirm)
        {
            return AskToConfirm(new Confirmation($"Remove {member.Email} from {Account.AccountName}?",
                $"They lose access to {Account.AccountName} from their next request on. Applications they approved stay connected: review them under Connected apps.",
                "Remove", new Dictionary<string, string> { ["userId"] = userId }, "Remove member"));
        }

        var result = await members.RemoveAsync(Account.AccountId, userId, Actor, cancellationToken);
        return await AfterChangeAsync(result, $"{member.Email} is no longer a member of {Account.AccountName}.", cancellationToken);
    }

    public async Task<IActionResult> OnPostLeaveAsync(bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            await LoadAsync(cancellationToken);
            return AskToConfirm(new Confirmation($"Leave {Account.AccountName}?",
                "You lose access to its settings, participants and applications at once. Only an Admin's new invitation brings you back.",
                "Leave", new Dictionary<string, string>(), "Leave account"));
        }

        var result = await members.RemoveAsync(Account.AccountId, UserId, Actor, cancellationToken);
        if (result != MembershipChange.Done)
        {
            return await AfterChangeAsync(result, "", cancellationToken);
        }

        TempData["StatusMessage"] = $"You left {Account.AccountName}.";
        return LocalRedirect("~/");
    }

    private async Task<IActionResult> AfterChangeAsync(MembershipChange result, string done, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case MembershipChange.NotFound:
                return NotFound();
            case MembershipChange.LastAdmin:
                ErrorMessage = $"{Account.AccountName} must keep at least one Admin: make another member an Admin first.";
                Response.StatusCode = StatusCodes.Status409Conflict;
                await LoadAsync(cancellationToken);
                return Page();
            default:
                StatusMessage = done;
                return RedirectToPage();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Members = await members.ListAsync(Account.AccountId, cancellationToken);
        Invitations = Account.IsAdmin ? await invitations.ListOpenAsync(Account.AccountId, cancellationToken) : [];
    }
}
