using AuthServer.Core.Participants;

namespace AuthServer.Tests;

public sealed class IdentifierKeyTests
{
    [Theory]
    [InlineData("be 0123 456 789", "BE0123456789")]
    [InlineData("  cz12345678\t", "CZ12345678")]
    [InlineData("0208:0123456789", "0208:0123456789")]
    [InlineData("nl\u00a0123 456 789 b01", "NL123456789B01")] // no-break space is whitespace too
    [InlineData("cz", "CZ")]
    public void Normalize_CaseAndWhitespace_Ignored(string input, string expected) =>
        Assert.Equal(expected, IdentifierKey.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Normalize_Blank_IsNull(string? input) => Assert.Null(IdentifierKey.Normalize(input));

    [Fact]
    public void Participant_SetIdentifiers_StoresDisplayValuesAndKeys()
    {
        var participant = new Participant { Name = "X" };

        participant.SetIdentifiers(" be 0123 456 789 ", null, "be", "0208:0123456789");

        Assert.Equal("be 0123 456 789", participant.EuVatId);
        Assert.Equal("BE0123456789", participant.EuVatIdKey);
        Assert.Null(participant.RnKey);
        Assert.Equal("BE", participant.CountryCode);
    }
}
