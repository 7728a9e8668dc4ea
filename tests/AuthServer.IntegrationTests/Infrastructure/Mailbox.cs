using AngleSharp.Html.Parser;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>The mail the server wrote to its pickup folder (<see cref="AuthServerFactory.MailFolder"/>).</summary>
public static class Mailbox
{
    /// <summary>The newest mail to <paramref name="to"/>, waited for briefly.</summary>
    public static async Task<string> LatestToAsync(AuthServerFactory factory, string to)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists(factory.MailFolder))
            {
                foreach (var file in Directory.GetFiles(factory.MailFolder, "*.eml").OrderDescending())
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.StartsWith($"To: {to}", StringComparison.OrdinalIgnoreCase))
                    {
                        return text;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"no mail to {to} in {factory.MailFolder}");
    }

    /// <summary>The links of a mail (its body is HTML).</summary>
    public static IReadOnlyList<Uri> Links(string mail) =>
        [.. new HtmlParser().ParseDocument(mail).QuerySelectorAll("a[href]").Select(a => new Uri(a.GetAttribute("href")!))];
}
