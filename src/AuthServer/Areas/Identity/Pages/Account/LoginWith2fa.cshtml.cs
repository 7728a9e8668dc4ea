using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's authenticator-code step, which threw (500) when opened without a sign-in waiting
/// for its second factor: that now leads back to the login page. The return URL stays local.
/// </summary>
public sealed class LoginWith2faModel(SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool RememberMe { get; private set; }

    public string ReturnUrl { get; private set; } = LocalReturnUrl.Home;

    public sealed class InputModel
    {
        [Required, StringLength(7, MinimumLength = 6), DataType(DataType.Text)]
        [Display(Name = "Authenticator code")]
        public string TwoFactorCode { get; set; } = "";

        [Display(Name = "Remember this machine")]
        public bool RememberMachine { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(bool rememberMe, string? returnUrl = null)
    {
        (RememberMe, ReturnUrl) = (rememberMe, LocalReturnUrl.OrHome(Url, returnUrl));
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? BackToLogin() : Page();
    }

    public async Task<IActionResult> OnPostAsync(bool rememberMe, string? returnUrl = null)
    {
        (RememberMe, ReturnUrl) = (rememberMe, LocalReturnUrl.OrHome(Url, returnUrl));
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return BackToLogin();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.TwoFactorCode.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, rememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        if (result.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError(string.Empty, "Invalid authenticator code.");
        return Page();
    }

    /// <summary>No sign-in is waiting for a second factor (expired, or the page was opened directly).</summary>
    private RedirectToPageResult BackToLogin() => RedirectToPage("./Login", new { ReturnUrl });
}
