namespace AuthServer.Mail;

/// <summary>How the connection to the SMTP server is protected (<c>Mail:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>
    /// Plain connection upgraded with STARTTLS, which the server must offer: no silent fallback to clear text,
    /// which an attacker on the path could force by stripping the STARTTLS capability.
    /// </summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, RFC 8314), usually port 465.</summary>
    SslOnConnect,

    /// <summary>Clear text: only for a relay on this machine or a network you trust; credentials only to loopback.</summary>
    None,
}
