using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Identity.Pages;

/// <summary>
/// Replaces Identity UI's register page: registering also creates the company account, with the new
/// user as its Admin (SPEC §7), once the email address is confirmed through the mailed link. The answer is
/// the same, and as quick, whether the address already has an account: the account is created, or its
/// owner told, after the response (<see cref="AccountRegistration.RegisterOrNotifyAsync"/>).
/// </summary>
public sealed class RegisterModel(UserManager<AppUser> users) : IdentityFormPageModel<RegisterModel.InputModel>
{
    public string? ReturnUrl { get; set; }

    public sealed class InputModel : NewPasswordInput
    {
        [Required, StringLength(200, MinimumLength = 2)]
        [Display(Name = "Company name")]
        public string CompanyName { get; set; } = "";
    }

    public void OnGet(string? returnUrl = null) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The password rules apply to every address alike, so their errors say nothing about accounts.
        var candidate = new AppUser { UserName = Input.Email, Email = Input.Email };
        foreach (var validator in users.PasswordValidators)
        {
            ShowErrors((await validator.ValidateAsync(users, candidate, Input.Password)).Errors);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (email, password, company, origin) = (Input.Email.Trim(), Input.Password, Input.CompanyName, MailOrigin.Of(Request));
        var continueTo = LocalReturnUrl.OrNull(Url, returnUrl);
        AfterResponse.Run(HttpContext, "Registration", services =>
            services.GetRequiredService<AccountRegistration>().RegisterOrNotifyAsync(email, password, company, origin, continueTo));
        return RedirectToPage("./RegisterConfirmation", new { email, returnUrl = continueTo });
    }
}
