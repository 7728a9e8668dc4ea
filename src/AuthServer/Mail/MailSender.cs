using Microsoft.AspNetCore.Identity.UI.Services;

namespace AuthServer.Mail;

/// <summary>
/// What Identity UI and our pages call to send mail (<see cref="IEmailSender"/>: recipient, subject, HTML):
/// composed into a well-formed message, then delivered by SMTP or to the pickup folder.
/// </summary>
public sealed class MailSender(MailComposer composer, IMailDelivery delivery) : IEmailSender
{
    public Task SendEmailAsync(string email, string subject, string htmlMessage) =>
        delivery.DeliverAsync(composer.Compose(email, subject, htmlMessage), CancellationToken.None);
}
