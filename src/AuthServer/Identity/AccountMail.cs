using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Identity;

/// <summary>
/// The account mails (email confirmation, password reset, "you already have an account"), with one-time
/// codes in links to Identity's pages on the public origin. Codes and links go into the mail only.
/// </summary>
public sealed class AccountMail(UserManager<AppUser> users, IEmailSender sender, LinkGenerator links)
{
    public async Task SendConfirmationAsync(AppUser user, MailOrigin origin, string? returnUrl)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = Link(origin, "/Account/ConfirmEmail", new { area = "Identity", userId = user.Id, code, returnUrl });
        await sender.SendEmailAsync(user.Email!, "Confirm your email",
            $"<p>Confirm your email address for AuthServer by <a href=\"{HtmlEncoder.Default.Encode(link)}\">clicking here</a>.</p>" +
            "<p>If you did not register, ignore this mail: nothing happens without the click.</p>");
    }

    public async Task SendPasswordResetAsync(AppUser user, MailOrigin origin)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = Link(origin, "/Account/ResetPassword", new { area = "Identity", code });
        await sender.SendEmailAsync(user.Email!, "Reset your password",
            $"<p>Reset your AuthServer password by <a href=\"{HtmlEncoder.Default.Encode(link)}\">clicking here</a>.</p>" +
            "<p>If you did not ask for this, ignore this mail: your password stays as it is.</p>");
    }

    /// <summary>Someone registered with an address that has an account: tell its owner, not the form.</summary>
    public async Task SendAlreadyRegisteredAsync(AppUser user, MailOrigin origin)
    {
        var login = Link(origin, "/Account/Login", new { area = "Identity" });
        var reset = Link(origin, "/Account/ForgotPassword", new { area = "Identity" });
        await sender.SendEmailAsync(user.Email!, "You already have an account",
            "<p>Someone, perhaps you, tried to register with this email address, which already has an AuthServer account.</p>" +
            $"<p><a href=\"{HtmlEncoder.Default.Encode(login)}\">Log in</a>, or <a href=\"{HtmlEncoder.Default.Encode(reset)}\">reset your password</a> " +
            "if you forgot it. If it was not you, ignore this mail.</p>");
    }

    /// <summary>Identity's codes are base64url-encoded in links (as Identity UI does), so they survive any mail client.</summary>
    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>A code from a link, or null when it is not one we could have sent.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string Link(MailOrigin origin, string page, object values) =>
        links.GetUriByPage(page, handler: null, values, origin.Scheme, origin.Host, origin.PathBase)
            ?? throw new InvalidOperationException($"No route to the page {page}.");
}
