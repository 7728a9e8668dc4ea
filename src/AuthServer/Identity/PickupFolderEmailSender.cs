using System.Text;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.Extensions.Options;

namespace AuthServer.Identity;

/// <summary>Mail settings (configuration section <c>Mail</c>).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Folder where outgoing mail is written as .eml files (relative to the working directory).</summary>
    public string PickupDirectory { get; set; } = "mail";
}

/// <summary>
/// Writes each message (password reset, email confirmation) as an .eml file to a pickup folder that
/// any SMTP relay can send from. The links in them carry one-time tokens, so they go to a file only,
/// never to the log.
/// </summary>
public sealed partial class PickupFolderEmailSender(IOptions<MailOptions> options, TimeProvider time, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var folder = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{time.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        var message = new StringBuilder()
            .Append("To: ").AppendLine(email)
            .Append("Subject: ").AppendLine(subject)
            .AppendLine("Content-Type: text/html; charset=utf-8")
            .AppendLine()
            .AppendLine(htmlMessage)
            .ToString();
        await File.WriteAllTextAsync(path, message);
        LogMailWritten(logger, subject, Path.GetFileName(path));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail \"{Subject}\" written to pickup file {File}")]
    private static partial void LogMailWritten(ILogger logger, string subject, string file);
}
