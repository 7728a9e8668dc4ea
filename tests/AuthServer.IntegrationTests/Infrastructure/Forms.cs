using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Reads what a browser would post back from a server-rendered form (parsed with AngleSharp).</summary>
public static class Forms
{
    private const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>The antiforgery token of the page's (first) form.</summary>
    public static string AntiforgeryToken(string html)
    {
        var token = Parse(html).QuerySelector($"input[name='{AntiforgeryField}']")?.GetAttribute("value");
        Assert.True(!string.IsNullOrEmpty(token), "the form carries no antiforgery token");
        return token!;
    }

    /// <summary>
    /// The page with its antiforgery tokens blanked: they differ on every response, so two pages that are the
    /// same page compare equal this way.
    /// </summary>
    public static string WithoutAntiforgery(string html)
    {
        var document = Parse(html);
        foreach (var token in document.QuerySelectorAll($"input[name='{AntiforgeryField}']"))
        {
            token.SetAttribute("value", "");
        }

        return document.DocumentElement.OuterHtml;
    }

    /// <summary>
    /// The page's one-time form token (forms that show a secret carry one), added to <paramref name="form"/>
    /// as the page's own form would post it; nothing when the page has none.
    /// </summary>
    public static Dictionary<string, string> WithFormToken(string html, IDictionary<string, string> form)
    {
        var fields = new Dictionary<string, string>(form);
        if (Parse(html).QuerySelector("input[name='formToken']")?.GetAttribute("value") is { } token && !fields.ContainsKey("formToken"))
        {
            fields["formToken"] = token;
        }

        return fields;
    }

    /// <summary>Every hidden field of the page (or of the form <paramref name="formSelector"/> picks) but the antiforgery token, in order.</summary>
    public static List<KeyValuePair<string, string>> HiddenFields(string html, string? formSelector = null) =>
        [.. (formSelector is null ? Parse(html).DocumentElement : Parse(html).QuerySelector(formSelector)!).QuerySelectorAll("input[type='hidden'][name]")
            .Where(i => i.GetAttribute("name") != AntiforgeryField)
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))];

    /// <summary>The values of the checkboxes named <paramref name="name"/>.</summary>
    public static List<string> CheckboxValues(string html, string name) => Checkboxes(html, name).Select(c => c.GetAttribute("value") ?? "").ToList();

    /// <summary>The values of the ticked checkboxes named <paramref name="name"/>.</summary>
    public static List<string> CheckedValues(string html, string name) =>
        Checkboxes(html, name).Where(c => c.HasAttribute("checked")).Select(c => c.GetAttribute("value") ?? "").ToList();

    private static IEnumerable<IElement> Checkboxes(string html, string name) =>
        Parse(html).QuerySelectorAll("input[type='checkbox']").Where(c => c.GetAttribute("name") == name);

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);
}
