using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>Replaces Identity UI's authenticator-code step (see <see cref="SecondFactorPageModel{TInput}"/>).</summary>
public sealed class LoginWith2faModel(SignInManager<AppUser> signIn) : SecondFactorPageModel<LoginWith2faModel.InputModel>(signIn)
{
    public bool RememberMe { get; private set; }

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
        RememberMe = rememberMe;
        return await RequirePendingSignInAsync(returnUrl) ?? Page();
    }

    public Task<IActionResult> OnPostAsync(bool rememberMe, string? returnUrl = null)
    {
        RememberMe = rememberMe;
        return SignInAsync(returnUrl, () => SignInManager.TwoFactorAuthenticatorSignInAsync(
            Input.TwoFactorCode.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal),
            rememberMe, Input.RememberMachine), "Invalid authenticator code.");
    }
}
