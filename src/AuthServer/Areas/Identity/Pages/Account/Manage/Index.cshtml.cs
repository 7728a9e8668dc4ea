using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages.Manage;

/// <summary>
/// Replaces Identity UI's profile page (a user name and a phone number nobody uses here): the login's
/// email, whether it is confirmed, two-factor, and the accounts it belongs to with its role in each.
/// </summary>
[Authorize]
public sealed class IndexModel(UserManager<AppUser> users, CurrentAccount current) : PageModel
{
    public string Email { get; private set; } = "";

    public bool EmailConfirmed { get; private set; }

    public bool TwoFactor { get; private set; }

    public IReadOnlyList<AccountMembershipView> Accounts { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        Email = user.Email ?? user.UserName ?? "";
        EmailConfirmed = user.EmailConfirmed;
        TwoFactor = user.TwoFactorEnabled;
        Accounts = await current.ListAsync(User, cancellationToken);
        return Page();
    }
}
