using Microsoft.AspNetCore.Mvc;

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
    LoginDeletion deletion) : PageModel
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

        await deletion.DeleteAsync(user, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
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
