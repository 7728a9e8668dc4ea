using MimeKit;

namespace AuthServer.Mail;

/// <summary>
/// Writes each message as an .eml file to the pickup folder, for a relay to send (or a developer to open).
/// The files are 7-bit with CRLF line ends, as any relay expects. The links in them carry one-time tokens, so
/// they go to the file only, never to the log.
/// </summary>
public sealed partial class PickupFolderDelivery(IOptions<MailOptions> options, TimeProvider time, ILogger<PickupFolderDelivery> logger) : IMailDelivery
{
    private static readonly FormatOptions Format = CreateFormat();

    public async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(folder);
        var name = $"{time.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
        var partial = Path.Combine(folder, name + ".tmp");
        message.Prepare(EncodingConstraint.SevenBit);
        await message.WriteToAsync(Format, partial, cancellationToken);
        // Renamed once complete: a relay watching for .eml files never picks up half a message.
        File.Move(partial, Path.Combine(folder, name + ".eml"));
        LogMailWritten(logger, message.Subject ?? "", name + ".eml");
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail \"{Subject}\" written to pickup file {File}")]
    private static partial void LogMailWritten(ILogger logger, string subject, string file);
}
