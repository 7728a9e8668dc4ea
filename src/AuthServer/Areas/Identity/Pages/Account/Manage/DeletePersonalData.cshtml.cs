using AuthServer.Core.Accounts;
using AuthServer.Core.Audit;
using AuthServer.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Identity.Pages.Manage;

/// <summary>
/// Replaces Identity UI's "delete personal data": deleting a login removes its memberships, so the only
/// Admin of an account may not do it (the account would be left without one, SPEC §2), and each account
/// it leaves gets a <c>member.left</c> audit event.
/// </summary>
[Authorize]
public sealed class DeletePersonalDataModel(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    AccountMembers members,
    AuthServerDbContext db,
    AuditLog audit) : PageModel
{
    [BindProperty]
    public PasswordConfirmation Input { get; set; } = new();

    public bool RequirePassword { get; private set; }

    public IReadOnlyList<string> SoleAdminOf { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } user)
        {
            return Challenge();
        }

        if (SoleAdminOf.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (RequirePassword && !await users.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError(string.Empty, "Incorrect password.");
            return Page();
        }

        foreach (var accountId in await db.Memberships.Where(m => m.UserId == user.Id).Select(m => m.AccountId).ToListAsync(cancellationToken))
        {
            audit.Record(accountId, AuditActor.UserPrefix + user.Id, AuditActions.MemberLeft, AuditActor.UserPrefix + user.Id,
                ip: HttpContext.Connection.RemoteIpAddress?.ToString(), detail: $"{user.Email} deleted their login");
        }

        // Saves the audit events with the deletion (one unit of work); memberships go with the user.
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Deleting the user failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await signIn.SignOutAsync();
        return LocalRedirect("~/");
    }

    private async Task<AppUser?> LoadAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return null;
        }

        RequirePassword = await users.HasPasswordAsync(user);
        SoleAdminOf = await members.SoleAdminOfAsync(user.Id, cancellationToken);
        return user;
    }
}
