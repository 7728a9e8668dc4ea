using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's confirmation page, which threw (500) on a code that is not base64url: a link that
/// is damaged, expired or not ours now gets a 400 page saying so.
/// </summary>
public sealed class ConfirmEmailModel(UserManager<AppUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public string? ReturnUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId = null, string? code = null, string? returnUrl = null)
    {
        ReturnUrl = LocalReturnUrl.OrNull(Url, returnUrl);
        var token = AccountMail.Decode(code);
        var user = token is null || string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        Confirmed = user is not null && (await users.ConfirmEmailAsync(user, token!)).Succeeded;
        if (!Confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
