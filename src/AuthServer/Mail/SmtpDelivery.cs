using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace AuthServer.Mail;

/// <summary>
/// Sends each message through the configured SMTP server (MailKit), one connection per message: account mails
/// are rare, and a fresh connection needs no keep-alive or reconnect logic. The server's certificate is checked
/// against the system's trusted roots; a failure is thrown to the caller, never retried in clear text.
/// </summary>
public sealed partial class SmtpDelivery(IOptions<MailOptions> options, ILogger<SmtpDelivery> logger) : IMailDelivery
{
    public async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var host = smtp.Host ?? throw new InvalidOperationException("Mail:Smtp:Host is not set.");
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(host, smtp.EffectivePort, smtp.Security switch
        {
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        }, cancellationToken);
        if (smtp.UserName is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        LogMailSent(logger, message.Subject ?? "", host, message.MessageId ?? "");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail \"{Subject}\" sent through {Host} as <{MessageId}>")]
    private static partial void LogMailSent(ILogger logger, string subject, string host, string messageId);
}
