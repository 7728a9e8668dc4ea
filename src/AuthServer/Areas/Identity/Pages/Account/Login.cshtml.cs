using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's login page: sign-in limits per network, then per account and network
/// (<see cref="LoginThrottle"/>), one answer for unknown emails and wrong passwords, a return URL that can
/// only lead back to this server, and no external-login column (none is configured).
/// </summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, LoginThrottle throttle, Telemetry.AuthServerMetrics metrics) : PageModel
{
    public const string InvalidAttempt = "Invalid login attempt.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = LocalReturnUrl.Home;

    /// <summary>Set when sign-in is refused for now: why, and when to try again (the page answers 429).</summary>
    public string? Throttled { get; private set; }

    /// <summary>The password was right but the email address is not confirmed yet.</summary>
    public bool NeedsConfirmation { get; private set; }

    public sealed class InputModel
    {
        [Required, EmailAddress, StringLength(254)]
        public string Email { get; set; } = "";

        [Required, StringLength(100), DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Remember me?")]
        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync(string? returnUrl = null)
    {
        ReturnUrl = LocalReturnUrl.OrHome(Url, returnUrl);
        // As Identity UI: a half-finished external login must not linger.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = LocalReturnUrl.OrHome(Url, returnUrl);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (verdict, retryAfter) = throttle.Check(HttpContext, Input.Email);
        if (verdict != LoginVerdict.Allowed)
        {
            return Refuse(verdict, retryAfter);
        }

        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl, Input.RememberMe });
        }

        if (result.IsNotAllowed)
        {
            NeedsConfirmation = true;
            return Page();
        }

        await throttle.FailedAsync(HttpContext, Input.Email);
        if (result.IsLockedOut)
        {
            return Refuse(LoginVerdict.LockedOut, null);
        }

        ModelState.AddModelError(string.Empty, InvalidAttempt);
        return Page();
    }

    private PageResult Refuse(LoginVerdict verdict, TimeSpan? retryAfter)
    {
        var wait = retryAfter is { } known ? " Try again in " + Describe(known) + "." : " Try again later.";
        Throttled = verdict == LoginVerdict.NetworkThrottled
            ? "Too many failed sign-ins from your network." + wait
            : "Too many failed sign-ins for this account." + wait + " If you forgot your password, reset it.";
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        metrics.RateLimited(Request.Path);
        if (retryAfter is { } seconds)
        {
            Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(seconds.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Page();
    }

    private static string Describe(TimeSpan wait) =>
        wait < TimeSpan.FromMinutes(1) ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds" : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";
}
