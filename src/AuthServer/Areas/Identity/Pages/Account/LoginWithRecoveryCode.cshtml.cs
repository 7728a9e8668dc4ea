using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>Replaces Identity UI's recovery-code step (see <see cref="SecondFactorPageModel"/>).</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<AppUser> signIn) : SecondFactorPageModel(signIn)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required, StringLength(50), DataType(DataType.Text)]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string? returnUrl = null) => await RequirePendingSignInAsync(returnUrl) ?? Page();

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        if (await RequirePendingSignInAsync(returnUrl) is { } login)
        {
            return login;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.RecoveryCode.Replace(" ", string.Empty, StringComparison.Ordinal);
        return Finish(await SignInManager.TwoFactorRecoveryCodeSignInAsync(code), "Invalid recovery code entered.");
    }
}
