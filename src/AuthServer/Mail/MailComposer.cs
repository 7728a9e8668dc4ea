using System.Text.Encodings.Web;
using MimeKit;
using MimeKit.Utils;

namespace AuthServer.Mail;

/// <summary>
/// Turns one mail (recipient, subject, HTML written once by its sender) into a message any relay accepts
/// (RFC 5322, RFC 2045): <c>From</c>, <c>Date</c>, <c>Message-ID</c>, <c>MIME-Version</c>, an RFC 2047
/// UTF-8 subject, and <c>multipart/alternative</c> with the text part derived from the HTML.
/// </summary>
public sealed class MailComposer(IOptions<MailOptions> mail, IOptions<AuthOptions> auth, TimeProvider time)
{
    private readonly MailboxAddress _from = SenderOf(mail.Value, auth.Value);

    public MimeMessage Compose(string to, string subject, string html)
    {
        var message = new MimeMessage
        {
            Date = time.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(_from.Domain),
            Subject = subject,
            Body = new MultipartAlternative
            {
                // Least preferred first (RFC 2046 §5.1.4): clients that can show HTML pick the last part.
                new TextPart(MimeKit.Text.TextFormat.Plain) { Text = PlainTextPart.From(html) },
                new TextPart(MimeKit.Text.TextFormat.Html) { Text = Document(subject, html) },
            },
        };
        message.From.Add(_from);
        message.To.Add(MailboxAddress.Parse(to));
        // RFC 3834: sent by a program, so vacation responders and mailing lists do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    private static MailboxAddress SenderOf(MailOptions mail, AuthOptions auth) =>
        mail.From is { Length: > 0 } from ? MailboxAddress.Parse(from) : new MailboxAddress("AuthServer", $"no-reply@{auth.Issuer?.Host ?? "localhost"}");

    private static string Document(string subject, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
        $"<title>{HtmlEncoder.Default.Encode(subject)}</title></head>\n" +
        "<body style=\"font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; line-height: 1.5; color: #1f2328; max-width: 40em\">\n" +
        body + "\n</body></html>\n";
}
