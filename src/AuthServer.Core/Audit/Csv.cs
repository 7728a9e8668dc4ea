namespace AuthServer.Core.Audit;

/// <summary>RFC 4180 CSV cells that a spreadsheet opens as text, never as a formula.</summary>
public static class Csv
{
    /// <summary>
    /// Quotes the cell when it holds a separator, quote or line break, and neutralizes formula injection
    /// (OWASP "CSV injection"): a cell starting with <c>= + - @</c>, tab or carriage return gets a leading
    /// apostrophe, so an audit detail an attacker chose (an app name, a label) cannot run in Excel.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Line(IEnumerable<string?> cells) => new StringBuilder().AppendJoin(',', cells.Select(Cell)).Append("\r\n").ToString();
}
