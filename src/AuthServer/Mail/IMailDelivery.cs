using MimeKit;

namespace AuthServer.Mail;

/// <summary>Where composed messages go: an SMTP server (<see cref="SmtpDelivery"/>) or the pickup folder (<see cref="PickupFolderDelivery"/>).</summary>
public interface IMailDelivery
{
    Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken);
}
