using AuthServer.Lookup;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Tests;

public sealed class LookupQueryTests
{
    private static (LookupQuery? Query, string? Error) Parse(string query) =>
        LookupQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)));

    [Fact]
    public void Parse_EuVatId_NormalizedKey() =>
        Assert.Equal(new LookupQuery(LookupKind.EuVatId, "BE0123456789"), Parse("?euVatId=be%200123%20456%20789").Query);

    [Fact]
    public void Parse_PeppolId_NormalizedKey() =>
        Assert.Equal(new LookupQuery(LookupKind.PeppolId, "9929:CZ12345678"), Parse("?peppolId=9929:cz12345678").Query);

    [Fact]
    public void Parse_RnWithCountryCode_BothNormalized() =>
        Assert.Equal(new LookupQuery(LookupKind.RnAndCountryCode, "0123456789", "BE"), Parse("?rn=0123%20456%20789&countryCode=%20be").Query);

    [Fact]
    public void Parse_OtherParametersIgnored() =>
        Assert.NotNull(Parse("?affiliateId=x&peppolId=0208:1&utm_source=widget").Query);

    [Theory]
    [InlineData("")]
    [InlineData("?peppolId=1&euVatId=2")]
    [InlineData("?peppolId=1&rn=2&countryCode=BE")]
    [InlineData("?rn=2")]
    [InlineData("?countryCode=BE")]
    [InlineData("?peppolId=")]
    [InlineData("?peppolId=1&peppolId=2")]
    [InlineData("?rn=1&countryCode=B")]
    [InlineData("?rn=1&countryCode=B%C3%89")]
    public void Parse_NotExactlyOneUsableIdentifier_Error(string query)
    {
        var (parsed, error) = Parse(query);

        Assert.Null(parsed);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Parse_LongerThanAnyStoredKey_Error() =>
        Assert.Null(Parse("?euVatId=" + new string('A', 51)).Query);
}
