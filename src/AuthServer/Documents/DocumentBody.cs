using System.Text.Json;
using System.Xml;
using AuthServer.Core.Documents;

namespace AuthServer.Documents;

/// <summary>
/// What a document's body may be (SPEC §6): UBL XML whose root is <c>Invoice</c> or <c>CreditNote</c> (any
/// namespace, matching the document's type), or JSON. Checked for form only; the body is stored as sent.
/// </summary>
public static class DocumentBody
{
    // No DTDs and no resolver: a body is attacker-controlled, and entity expansion or external entities
    // (XXE) would let it read files, reach the network or exhaust memory.
    private static readonly XmlReaderSettings Xml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    /// <param name="type">The document's type, or null when it is itself invalid (then any UBL root is accepted).</param>
    /// <returns>Null when the body is acceptable, else what is wrong, for the 400.</returns>
    public static string? Check(string body, DocumentType? type)
    {
        var start = body.AsSpan().TrimStart();
        if (start.StartsWith("<"))
        {
            return CheckXml(body, type);
        }

        if (start.StartsWith("{") || start.StartsWith("["))
        {
            return CheckJson(body);
        }

        return "body must be UBL XML (an Invoice or CreditNote document) or JSON.";
    }

    private static string? CheckXml(string body, DocumentType? type)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(body), Xml);
            reader.MoveToContent();
            var root = reader.LocalName;
            while (reader.Read())
            {
                // Reading to the end is what checks the whole document is well-formed.
            }

            var expected = type switch
            {
                DocumentType.Invoice => "Invoice",
                DocumentType.CreditNote => "CreditNote",
                _ => null,
            };
            if (expected is null && root is not ("Invoice" or "CreditNote"))
            {
                return $"body is XML with root element <{root}>; a UBL document's root is Invoice or CreditNote.";
            }

            return expected is not null && root != expected
                ? $"body is XML with root element <{root}>, but a document of this type needs <{expected}>."
                : null;
        }
        catch (XmlException e)
        {
            // The message says what and where (line, position); with DTDs prohibited it also covers <!DOCTYPE.
            return "body is not well-formed XML: " + e.Message;
        }
    }

    private static string? CheckJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return null;
        }
        catch (JsonException e)
        {
            return $"body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}).";
        }
    }
}
