using System.Net;
using MimeKit;

namespace AuthServer.Mail;

/// <summary>Checks at start what data annotations cannot: a parseable sender, and credentials that never travel in clear.</summary>
public sealed class MailOptionsValidation : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var failures = new List<string>();
        if (options.From is { Length: > 0 } && !MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"Mail:From '{options.From}' is not an email address (use 'address' or 'Name <address>').");
        }

        var smtp = options.Smtp;
        if (smtp.Password is { Length: > 0 } && smtp.UserName is not { Length: > 0 })
        {
            failures.Add("Mail:Smtp:Password is set without Mail:Smtp:UserName.");
        }

        // A password sent over a clear-text connection can be read by anyone on the path.
        if (smtp.UserName is { Length: > 0 } && smtp.Security == SmtpSecurity.None && !IsLoopback(smtp.Host))
        {
            failures.Add("Mail:Smtp:UserName is set with Mail:Smtp:Security=None to a host that is not this machine: " +
                "the password would travel in clear. Use StartTls or SslOnConnect.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
