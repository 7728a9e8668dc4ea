using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Text;

namespace AuthServer.Mail;

/// <summary>
/// The text/plain alternative of a mail, derived from its HTML so each mail is written once. Links keep their
/// address (<c>text &lt;url&gt;</c>, RFC 3986 appendix C): a text-only reader must still be able to follow them.
/// </summary>
public static partial class PlainTextPart
{
    public static string From(string html)
    {
        var text = new StringBuilder();
        var link = (Href: (string?)null, Start: 0);
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlDataToken data when token.Kind == HtmlTokenKind.Data:
                    AppendCollapsed(text, data.Data);
                    break;
                case HtmlTagToken { Id: HtmlTagId.A, IsEndTag: false } anchor:
                    link = (anchor.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Href)?.Value, text.Length);
                    break;
                case HtmlTagToken { Id: HtmlTagId.A, IsEndTag: true }:
                    var label = text.ToString(link.Start, text.Length - link.Start).Trim();
                    if (link.Href is { Length: > 0 } href && label != href)
                    {
                        text.Append(" <").Append(href).Append('>');
                    }

                    link = (null, 0);
                    break;
                case HtmlTagToken { Id: HtmlTagId.Br }:
                    text.Append('\n');
                    break;
                case HtmlTagToken { Id: HtmlTagId.LI, IsEndTag: false }:
                    text.Append("\n- ");
                    break;
                case HtmlTagToken { Id: HtmlTagId.P or HtmlTagId.Div or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.Table or HtmlTagId.TR }:
                    text.Append("\n\n");
                    break;
            }
        }

        var lines = string.Join('\n', text.ToString().Split('\n').Select(line => line.Trim()));
        return BlankLines().Replace(lines, "\n\n").Trim() + "\n";
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankLines();

    /// <summary>HTML whitespace (newlines and indentation in the template included) is one space.</summary>
    private static void AppendCollapsed(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] is not (' ' or '\n'))
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }
}
