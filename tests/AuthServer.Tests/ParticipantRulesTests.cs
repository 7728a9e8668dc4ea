using AuthServer.Api;
using AuthServer.Core.Participants;

namespace AuthServer.Tests;

public sealed class ParticipantRulesTests
{
    [Fact]
    public void CountryCodes_AreTheAssignedIso3166Alpha2Codes() => Assert.Equal(249, ParticipantRules.CountryCodeCount);

    [Theory]
    [InlineData("BE", true)]
    [InlineData("be", true)]
    [InlineData(" g b ", true)]
    [InlineData("UK", false)] // reserved, not assigned: the United Kingdom is GB
    [InlineData("XX", false)]
    [InlineData("BEL", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsCountryCode_OnlyAssignedCodes(string? value, bool expected) => Assert.Equal(expected, ParticipantRules.IsCountryCode(value));

    [Theory]
    [InlineData("0208:0123456789", true)]
    [InlineData("9929: cz 12345678", true)]
    [InlineData("0088:5790000000001", true)]
    [InlineData("0208:", false)]
    [InlineData("208:123", false)]
    [InlineData("ABCD:123", false)]
    [InlineData("0208-0123456789", false)]
    [InlineData("0208:01\u000123", false)]
    [InlineData("", false)]
    public void IsPeppolId_SchemeColonValue(string value, bool expected) => Assert.Equal(expected, ParticipantRules.IsPeppolId(value));

    [Theory]
    [InlineData("invoices@example.com", true)]
    [InlineData("Ann <ann@example.com>", false)]
    [InlineData("a@b.c, d@e.f", false)]
    [InlineData("no-at-sign", false)]
    public void IsEmail_OnePlainAddress(string value, bool expected) => Assert.Equal(expected, ParticipantRules.IsEmail(value));

    [Fact]
    public void Cursor_RoundTrips()
    {
        var cursor = new Cursor(new DateTime(2026, 11, 23, 10, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567), Guid.NewGuid());

        Assert.Equal(cursor, Cursor.TryDecode(cursor.Encode()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("AAAA")]
    [InlineData("__________________________________")]
    public void Cursor_Garbage_IsNull(string value) => Assert.Null(Cursor.TryDecode(value));
}
