using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's recovery-code step, which threw (500) when opened without a sign-in waiting for
/// its second factor: that now leads back to the login page. The return URL stays local.
/// </summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = LocalReturnUrl.Home;

    public sealed class InputModel
    {
        [Required, StringLength(50), DataType(DataType.Text)]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string? returnUrl = null)
    {
        ReturnUrl = LocalReturnUrl.OrHome(Url, returnUrl);
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? BackToLogin() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = LocalReturnUrl.OrHome(Url, returnUrl);
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return BackToLogin();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(Input.RecoveryCode.Replace(" ", string.Empty, StringComparison.Ordinal));
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        if (result.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError(string.Empty, "Invalid recovery code entered.");
        return Page();
    }

    private RedirectToPageResult BackToLogin() => RedirectToPage("./Login", new { ReturnUrl });
}
