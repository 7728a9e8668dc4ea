using System.Text.RegularExpressions;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Reads what a browser would post back from a server-rendered form.</summary>
public static partial class Forms
{
    /// <summary>The antiforgery token of the page's (first) form.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, "the form carries no antiforgery token");
        return match.Groups["value"].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
