using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity;

/// <summary>
/// What the two second-factor pages share: they serve only a sign-in waiting for its second factor (opened
/// without one they lead back to the login page, where Identity UI threw), and return to a local URL only.
/// </summary>
/// <typeparam name="TInput">The page's form: the code it asks for.</typeparam>
public abstract class SecondFactorPageModel<TInput>(SignInManager<AppUser> signIn) : IdentityFormPageModel<TInput>
    where TInput : new()
{
    public string ReturnUrl { get; private set; } = LocalReturnUrl.Home;

    protected SignInManager<AppUser> SignInManager { get; } = signIn;

    /// <returns>The login page when no sign-in waits for a second factor; null to go on.</returns>
    protected async Task<IActionResult?> RequirePendingSignInAsync(string? returnUrl)
    {
        ReturnUrl = LocalReturnUrl.OrHome(Url, returnUrl);
        return await SignInManager.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("./Login", new { ReturnUrl }) : null;
    }

    /// <summary>
    /// A posted code: the login page when no sign-in waits for it, the form again when it is not valid, else
    /// <paramref name="signIn"/> and then in, out to the lockout page, or the form again with <paramref name="failure"/>.
    /// </summary>
    protected async Task<IActionResult> SignInAsync(string? returnUrl, Func<Task<Microsoft.AspNetCore.Identity.SignInResult>> signIn, string failure)
    {
        if (await RequirePendingSignInAsync(returnUrl) is { } login)
        {
            return login;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn();
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
