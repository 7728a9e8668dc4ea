using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>Replaces Identity UI's recovery-code step (see <see cref="SecondFactorPageModel{TInput}"/>).</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<AppUser> signIn) : SecondFactorPageModel<LoginWithRecoveryCodeModel.InputModel>(signIn)
{
    public sealed class InputModel
    {
        [Required, StringLength(50), DataType(DataType.Text)]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string? returnUrl = null) => await RequirePendingSignInAsync(returnUrl) ?? Page();

    public Task<IActionResult> OnPostAsync(string? returnUrl = null) =>
        SignInAsync(returnUrl, () => SignInManager.TwoFactorRecoveryCodeSignInAsync(Input.RecoveryCode.Replace(" ", string.Empty, StringComparison.Ordinal)),
            "Invalid recovery code entered.");
}
