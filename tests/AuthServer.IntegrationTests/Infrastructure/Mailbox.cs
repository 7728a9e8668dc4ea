using System.Net;
using System.Text.RegularExpressions;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// The pickup folder as a mailbox (Mail:PickupDirectory): account mails are written after the response
/// is sent, so a test waits for them.
/// </summary>
public static partial class Mailbox
{
    public sealed record Message(string To, string Subject, string Body, string Path)
    {
        /// <summary>The first link in the mail, decoded as a mail client would.</summary>
        public string Link => WebUtility.HtmlDecode(Href().Match(Body).Groups["url"].Value);

        public IReadOnlyList<string> Links => [.. Href().Matches(Body).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value))];
    }

    /// <summary>Every mail to <paramref name="to"/> so far.</summary>
    public static IReadOnlyList<Message> To(string folder, string to) =>
        !Directory.Exists(folder) ? [] :
        // In the order written: file names carry the host's clock, which tests stop.
        [.. Directory.GetFiles(folder, "*.eml").OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal)
            .Select(Read).Where(m => m.To.Equals(to, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Waits for the <paramref name="count"/>th mail to <paramref name="to"/>.</summary>
    public static async Task<Message> WaitForAsync(string folder, string to, int count = 1, int timeoutMs = 10_000)
    {
        for (var waited = 0; waited < timeoutMs; waited += 50)
        {
            var messages = To(folder, to);
            if (messages.Count >= count)
            {
                return messages[count - 1];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No mail #{count} to {to} in {folder}.");
    }

    private static Message Read(string path)
    {
        var text = File.ReadAllText(path);
        string Header(string name) => Regex.Match(text, $"^{name}: (?<v>.*)$", RegexOptions.Multiline).Groups["v"].Value.Trim();
        return new Message(Header("To"), Header("Subject"), text, path);
    }

    [GeneratedRegex("href=\"(?<url>[^\"]+)\"")]
    private static partial Regex Href();
}
