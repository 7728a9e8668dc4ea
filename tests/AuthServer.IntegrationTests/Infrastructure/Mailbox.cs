using AngleSharp.Html.Parser;
using MimeKit;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// The mail the server wrote to its pickup folder (<see cref="AuthServerFactory.MailFolder"/>). Account mails
/// are written after the response is sent, so a test waits for them.
/// </summary>
public static class Mailbox
{
    /// <param name="Body">The HTML part.</param>
    public sealed record Message(string To, string Subject, string Body, string Path)
    {
        /// <summary>The first link in the mail.</summary>
        public string Link => Links(Body)[0].AbsoluteUri;
    }

    /// <summary>Every mail to <paramref name="to"/> so far, in the order written.</summary>
    public static IReadOnlyList<Message> To(string folder, string to) =>
        !Directory.Exists(folder) ? [] :
        // File names carry the host's clock, which tests stop: the write time orders them.
        [.. Directory.GetFiles(folder, "*.eml").OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal)
            .Select(Read).Where(m => m.To.Equals(to, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Waits for the <paramref name="count"/>th mail to <paramref name="to"/>.</summary>
    public static Task<Message> WaitForAsync(string folder, string to, int count = 1, int timeoutMs = 10_000) =>
        WaitAsync(folder, to, messages => messages.Count >= count ? messages[count - 1] : null, $"#{count}", timeoutMs);

    /// <summary>
    /// The newest mail to <paramref name="to"/> whose subject starts with <paramref name="subject"/>, waited for.
    /// Mails written at the same moment of the test clock have no order, so tests that send several to one
    /// address name the one they mean.
    /// </summary>
    public static async Task<string> FindAsync(AuthServerFactory factory, string to, string subject) =>
        (await WaitAsync(factory.MailFolder, to, messages => messages.LastOrDefault(m => m.Subject.StartsWith(subject, StringComparison.Ordinal)),
            $"'{subject}'", 10_000)).Body;

    /// <summary>The words of a mail as its reader sees them (its HTML decoded), whitespace collapsed.</summary>
    public static string Text(string mail) =>
        string.Join(' ', (new HtmlParser().ParseDocument(mail).Body?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static async Task<Message> WaitAsync(string folder, string to, Func<IReadOnlyList<Message>, Message?> pick, string which, int timeoutMs)
    {
        for (var waited = 0; waited < timeoutMs; waited += 50)
        {
            if (pick(To(folder, to)) is { } message)
            {
                return message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No mail {which} to {to} in {folder}.");
    }

    /// <summary>The newest mail to <paramref name="to"/>, waited for briefly.</summary>
    public static async Task<string> LatestToAsync(AuthServerFactory factory, string to)
    {
        await WaitForAsync(factory.MailFolder, to);
        return To(factory.MailFolder, to)[^1].Body;
    }

    /// <summary>The links of a mail's HTML part.</summary>
    public static IReadOnlyList<Uri> Links(string mail) =>
        [.. new HtmlParser().ParseDocument(mail).QuerySelectorAll("a[href]").Select(a => new Uri(a.GetAttribute("href")!))];

    /// <summary>The file as a mail client reads it (MimeKit).</summary>
    private static Message Read(string path)
    {
        var message = MimeMessage.Load(path);
        return new Message(message.To.Mailboxes.FirstOrDefault()?.Address ?? "", message.Subject ?? "", message.HtmlBody ?? "", path);
    }
}
