using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's page, which answered an unknown address without sending anything and a known one
/// after making a code and a mail: the time told which addresses have accounts. Now the address is looked
/// up after the response (<see cref="AfterResponse"/>); a confirmed account gets a reset link, an
/// unconfirmed one its confirmation link again, an unknown address nothing.
/// </summary>
public sealed class ForgotPasswordModel : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required, EmailAddress, StringLength(254)]
        public string Email { get; set; } = "";
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (email, origin) = (Input.Email.Trim(), MailOrigin.Of(Request));
        AfterResponse.Run(HttpContext, "Password reset mail", async services =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var mail = services.GetRequiredService<AccountMail>();
            if (await users.FindByEmailAsync(email) is not { } user)
            {
                return;
            }

            await (user.EmailConfirmed ? mail.SendPasswordResetAsync(user, origin) : mail.SendConfirmationAsync(user, origin, returnUrl: null));
        });
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
