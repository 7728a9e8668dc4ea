using System.ComponentModel.DataAnnotations;

namespace AuthServer.Mail;

/// <summary>Outgoing mail (configuration section <c>Mail</c>): password reset, email confirmation, invitations.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>
    /// The sender, as an address or <c>Name &lt;address&gt;</c>. Unset: <c>AuthServer &lt;no-reply@HOST&gt;</c>
    /// with the host of <c>Auth:Issuer</c> (<c>localhost</c> without one).
    /// </summary>
    public string? From { get; set; }

    /// <summary>Folder where mail is written as .eml files when no SMTP server is set (relative to the working directory).</summary>
    [Required]
    public string PickupDirectory { get; set; } = "mail";

    /// <summary>The SMTP server to send through; when its host is unset, mail goes to <see cref="PickupDirectory"/>.</summary>
    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where mail goes, in words (the console banner).</summary>
    public string Destination => Smtp.Host is { Length: > 0 } host
        ? $"sent through SMTP {host}:{Smtp.EffectivePort} ({Smtp.Security})"
        : $"written as .eml files to {Path.GetFullPath(PickupDirectory)}";
}
