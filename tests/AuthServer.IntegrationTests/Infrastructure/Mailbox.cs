using AngleSharp.Html.Parser;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>The mail the server wrote to its pickup folder (<see cref="AuthServerFactory.MailFolder"/>).</summary>
public static class Mailbox
{
    /// <summary>The newest mail to <paramref name="to"/>, waited for briefly.</summary>
    public static Task<string> LatestToAsync(AuthServerFactory factory, string to) => FindAsync(factory, to, null);

    /// <summary>
    /// A mail to <paramref name="to"/> that contains <paramref name="containing"/> (any mail when null; the newest
    /// file first), waited for briefly. Mails written at the same moment of the test clock have no order, so tests
    /// that send several to one address name the one they mean.
    /// </summary>
    public static async Task<string> FindAsync(AuthServerFactory factory, string to, string? containing)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists(factory.MailFolder))
            {
                foreach (var file in Directory.GetFiles(factory.MailFolder, "*.eml").OrderDescending())
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.StartsWith($"To: {to}", StringComparison.OrdinalIgnoreCase) &&
                        (containing is null || text.Contains(containing, StringComparison.Ordinal)))
                    {
                        return text;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"no mail to {to}{(containing is null ? "" : $" containing '{containing}'")} in {factory.MailFolder}");
    }

    /// <summary>The words of a mail as its reader sees them (its HTML decoded), whitespace collapsed.</summary>
    public static string Text(string mail) =>
        string.Join(' ', (new HtmlParser().ParseDocument(mail).Body?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The links of a mail (its body is HTML).</summary>
    public static IReadOnlyList<Uri> Links(string mail) =>
        [.. new HtmlParser().ParseDocument(mail).QuerySelectorAll("a[href]").Select(a => new Uri(a.GetAttribute("href")!))];
}
