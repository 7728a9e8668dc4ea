using System.Net;
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

    /// <summary>
    /// The page's one-time form token (forms that show a secret carry one), added to <paramref name="form"/>
    /// as the page's own form would post it; nothing when the page has none.
    /// </summary>
    public static Dictionary<string, string> WithFormToken(string html, IDictionary<string, string> form)
    {
        var fields = new Dictionary<string, string>(form);
        if (FormTokenField().Match(html) is { Success: true } match && !fields.ContainsKey("formToken"))
        {
            fields["formToken"] = match.Groups["value"].Value;
        }

        return fields;
    }

    /// <summary>Every <c>&lt;input type="hidden" name value&gt;</c> of the page, decoded, in order.</summary>
    public static List<KeyValuePair<string, string>> HiddenFields(string html) =>
        [.. HiddenField().Matches(html).Select(m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)))];

    /// <summary>The values of the checkboxes named <paramref name="name"/>.</summary>
    public static List<string> CheckboxValues(string html, string name) =>
        [.. Checkbox().Matches(html).Where(m => WebUtility.HtmlDecode(m.Groups["name"].Value) == name).Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value))];

    /// <summary>The values of the ticked checkboxes named <paramref name="name"/>.</summary>
    public static List<string> CheckedValues(string html, string name) =>
        [.. Checkbox().Matches(html).Where(m => WebUtility.HtmlDecode(m.Groups["name"].Value) == name && m.Value.Contains("checked=\"checked\"", StringComparison.Ordinal))
            .Select(m => WebUtility.HtmlDecode(m.Groups["value"].Value))];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"formToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex FormTokenField();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<input [^>]*type=\"checkbox\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"[^>]*>")]
    private static partial Regex Checkbox();
}
