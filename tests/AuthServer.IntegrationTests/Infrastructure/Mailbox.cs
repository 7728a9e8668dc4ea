using System.Net;
using System.Text.RegularExpressions;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>The mail the server wrote to its pickup folder (<see cref="AuthServerFactory.MailFolder"/>).</summary>
public static partial class Mailbox
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

    /// <summary>The links of a mail, decoded (mails are HTML).</summary>
    public static IReadOnlyList<Uri> Links(string mail) =>
        [.. Href().Matches(mail).Select(m => new Uri(WebUtility.HtmlDecode(m.Groups["url"].Value)))];

    [GeneratedRegex("href=\"(?<url>[^\"]+)\"")]
    private static partial Regex Href();
}
