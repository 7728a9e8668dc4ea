using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's reset page, which threw (500) on a code that is not base64url: such a link gets a
/// 400 page saying so. An unknown address is answered as a success, as Identity UI does.
/// </summary>
public sealed class ResetPasswordModel(UserManager<AppUser> users) : IdentityFormPageModel<ResetPasswordModel.InputModel>
{
    public bool InvalidLink { get; private set; }

    public sealed class InputModel : NewPasswordInput
    {
        [Required, StringLength(2000)]
        public string Code { get; set; } = "";
    }

    public IActionResult OnGet(string? code = null)
    {
        if (AccountMail.Decode(code) is not { } token)
        {
            InvalidLink = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Input.Code = token;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await users.FindByEmailAsync(Input.Email.Trim()) is { } user)
        {
            var result = await users.ResetPasswordAsync(user, Input.Code, Input.Password);
            if (!result.Succeeded)
            {
                ShowErrors(result.Errors);
                return Page();
            }
        }

        return RedirectToPage("./ResetPasswordConfirmation");
    }
}
