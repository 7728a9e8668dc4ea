using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Reads the Prometheus text format (version 0.0.4) a scrape answers.</summary>
public static partial class PrometheusScrape
{
    public static IReadOnlyList<PrometheusSample> Parse(string text) =>
        [.. text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => SampleLine().Match(line))
            .Where(match => match.Success)
            .Select(match => new PrometheusSample(
                match.Groups["name"].Value,
                LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups["k"].Value, l => Unescape(l.Groups["v"].Value)),
                double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    /// <summary>The value of the series <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when absent.</summary>
    public static double Value(this IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private static string Unescape(string value) =>
        value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})?\\s+(?<value>\\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<v>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
