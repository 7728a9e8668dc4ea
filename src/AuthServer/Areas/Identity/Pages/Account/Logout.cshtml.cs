using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's logout page, whose redirect threw (500) on a return URL that is not local. Signing
/// out takes a POST (a link or an image on another site cannot sign anyone out); GET shows the button.
/// </summary>
public sealed class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public string ReturnUrl { get; private set; } = LocalReturnUrl.Home;

    public void OnGet(string? returnUrl = null) => ReturnUrl = LocalReturnUrl.OrHome(Url, returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        await signIn.SignOutAsync();
        return LocalRedirect(LocalReturnUrl.OrHome(Url, returnUrl));
    }
}
