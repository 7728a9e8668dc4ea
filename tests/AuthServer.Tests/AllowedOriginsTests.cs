using AuthServer.Core.Affiliates;

namespace AuthServer.Tests;

public sealed class AllowedOriginsTests
{
    [Theory]
    [InlineData("https://shop.example", "https://shop.example")]
    [InlineData("HTTPS://Shop.Example/", "https://shop.example")]
    [InlineData("https://shop.example:443", "https://shop.example")]
    [InlineData("https://shop.example:8443", "https://shop.example:8443")]
    [InlineData("http://localhost:3000", "http://localhost:3000")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    [InlineData("http://[::1]:5173", "http://[::1]:5173")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")] // as browsers send it
    public void Normalize_ValidOrigin_AsBrowsersSendIt(string input, string expected)
    {
        Assert.Null(AllowedOrigins.Normalize(input, out var origin));
        Assert.Equal(expected, origin);
    }

    [Theory]
    [InlineData("http://shop.example")]
    [InlineData("https://shop.example/widget")]
    [InlineData("https://shop.example?x=1")]
    [InlineData("https://shop.example#top")]
    [InlineData("https://user@shop.example")]
    [InlineData("*")]
    [InlineData("https://*.shop.example")]
    [InlineData("shop.example")]
    [InlineData("/widget")]
    [InlineData("ftp://shop.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("null")]
    public void Normalize_NotAnAcceptableOrigin_GivesReason(string input) =>
        Assert.NotNull(AllowedOrigins.Normalize(input, out _));

    [Fact]
    public void Parse_LinesSpacesAndCommas_DeduplicatedInOrder()
    {
        var (origins, errors) = AllowedOrigins.Parse("https://b.example\r\nhttps://a.example, https://B.example/  http://localhost:3000");

        Assert.Empty(errors);
        Assert.Equal(["https://b.example", "https://a.example", "http://localhost:3000"], origins);
    }

    [Fact]
    public void Parse_OneBadAmongGood_NamesTheBadOne()
    {
        var (_, errors) = AllowedOrigins.Parse("https://good.example http://bad.example");

        Assert.StartsWith("http://bad.example:", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooMany_Refused()
    {
        var (_, errors) = AllowedOrigins.Parse(string.Join('\n', Enumerable.Range(0, AllowedOrigins.MaxCount + 1).Select(i => $"https://s{i}.example")));

        Assert.Single(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    public void Parse_Nothing_NoOrigins(string? input)
    {
        var (origins, errors) = AllowedOrigins.Parse(input);

        Assert.Empty(origins);
        Assert.Empty(errors);
    }

    [Fact]
    public void SplitAndJoin_RoundTrip() =>
        Assert.Equal(["https://a.example", "http://localhost:1"], AllowedOrigins.Split(AllowedOrigins.Join(["https://a.example", "http://localhost:1"])));
}
