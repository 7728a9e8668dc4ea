using System.ComponentModel.DataAnnotations;

namespace AuthServer.Mail;

/// <summary>The SMTP server mail is sent through (configuration section <c>Mail:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>Host name or address of the SMTP server; unset means the pickup folder.</summary>
    public string? Host { get; set; }

    /// <summary>Unset: 587 for <see cref="SmtpSecurity.StartTls"/>, 465 for <see cref="SmtpSecurity.SslOnConnect"/>, 25 for <see cref="SmtpSecurity.None"/>.</summary>
    [Range(1, 65_535)]
    public int? Port { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Authenticate with these credentials when a user name is set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one SMTP operation (connect, a command, the message) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public int EffectivePort => Port ?? Security switch
    {
        SmtpSecurity.SslOnConnect => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };
}
