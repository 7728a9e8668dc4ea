using AuthServer.Core.Audit;

namespace AuthServer.Tests;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+31 20 123", "'+31 20 123")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("a=b", "a=b")] // only a leading sign starts a formula
    public void Cell_QuotesAndNeutralizesFormulas(string? value, string expected) => Assert.Equal(expected, Csv.Cell(value));

    [Fact]
    public void Line_JoinsCellsWithCrLf() => Assert.Equal("a,\"b,c\",\r\n", Csv.Line(["a", "b,c", null]));
}
