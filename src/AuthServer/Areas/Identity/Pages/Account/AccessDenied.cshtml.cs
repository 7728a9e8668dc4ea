using AuthServer.Razor.Settings;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's access-denied page: where a Member lands on an Admin-only page (the cookie's
/// forbid redirects here). It says the page is for Admins, and names the account's Admins to ask, instead
/// of a bare "Access denied".
/// </summary>
public sealed class AccessDeniedModel(CurrentAccount current, AccountMembers members) : PageModel
{
    public AccountMembershipView? Account { get; private set; }

    public IReadOnlyList<string> Admins { get; private set; } = [];

    /// <summary>The settings page that was refused, in words (from ReturnUrl); null when unknown.</summary>
    public string? PageTitle { get; private set; }

    public async Task OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Account = await current.GetAsync(User, cancellationToken);
        if (Account is not null)
        {
            Admins = await members.AdminEmailsAsync(Account.AccountId, cancellationToken);
        }

        PageTitle = Url.IsLocalUrl(returnUrl) ? SettingsSections.Of(returnUrl!)?.Title : null;
    }
}
