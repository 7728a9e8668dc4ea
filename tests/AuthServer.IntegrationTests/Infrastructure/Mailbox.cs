using AngleSharp.Html.Parser;
using MimeKit;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>The mail the server wrote to its pickup folder (<see cref="AuthServerFactory.MailFolder"/>).</summary>
public static class Mailbox
{
    /// <summary>The HTML part of the newest mail to <paramref name="to"/>, waited for briefly.</summary>
    public static async Task<string> LatestToAsync(AuthServerFactory factory, string to)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists(factory.MailFolder))
            {
                foreach (var file in Directory.GetFiles(factory.MailFolder, "*.eml").OrderDescending())
                {
                    var message = await MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => m.Address.Equals(to, StringComparison.OrdinalIgnoreCase)))
                    {
                        return message.HtmlBody ?? throw new InvalidOperationException($"the mail to {to} has no HTML part");
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"no mail to {to} in {factory.MailFolder}");
    }

    /// <summary>The links of a mail's HTML part.</summary>
    public static IReadOnlyList<Uri> Links(string mail) =>
        [.. new HtmlParser().ParseDocument(mail).QuerySelectorAll("a[href]").Select(a => new Uri(a.GetAttribute("href")!))];
}
