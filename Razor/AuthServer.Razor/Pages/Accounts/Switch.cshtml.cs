using AuthServer.Razor.Navigation;
using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AuthServer.Razor.Pages.Accounts;

/// <summary>
/// <c>/accounts/switch</c>: the account switcher of the top bar posts here (and without a menu, the page
/// lists the accounts itself). The choice is a cookie that <see cref="CurrentAccount"/> checks against the
/// user's memberships on every request.
/// </summary>
[Authorize]
public sealed class SwitchModel(CurrentAccount current) : PageModel
{
    public IReadOnlyList<AccountMembershipView> Accounts { get; private set; } = [];

    public AccountMembershipView? Current { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Accounts = await current.ListAsync(User, cancellationToken);
        Current = await current.GetAsync(User, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(Guid accountId, string? returnUrl, CancellationToken cancellationToken)
    {
        // An account the user does not belong to is answered like one that does not exist.
        if (!await current.SelectAsync(User, accountId, cancellationToken))
        {
            return NotFound();
        }

        // Back to the same section, never to one item of the old account (and never off this site).
        return LocalRedirect(Sections.RootOf(returnUrl));
    }
}
