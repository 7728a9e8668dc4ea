using AuthServer.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AuthServer.Identity;

/// <summary>
/// What the two second-factor pages share: they serve only a sign-in waiting for its second factor (opened
/// without one they lead back to the login page, where Identity UI threw), and return to a local URL only.
/// </summary>
public abstract class SecondFactorPageModel(SignInManager<AppUser> signIn) : PageModel
{
    public string ReturnUrl { get; private set; } = LocalReturnUrl.Home;

    protected SignInManager<AppUser> SignInManager { get; } = signIn;

    /// <returns>The login page when no sign-in waits for a second factor; null to go on.</returns>
    protected async Task<IActionResult?> RequirePendingSignInAsync(string? returnUrl)
    {
        ReturnUrl = LocalReturnUrl.OrHome(Url, returnUrl);
        return await SignInManager.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("./Login", new { ReturnUrl }) : null;
    }

    /// <summary>In, out to the lockout page, or the form again with <paramref name="failure"/>.</summary>
    protected IActionResult Finish(Microsoft.AspNetCore.Identity.SignInResult result, string failure)
    {
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        if (result.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError(string.Empty, failure);
        return Page();
    }
}
