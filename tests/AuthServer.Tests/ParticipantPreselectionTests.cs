using AuthServer.Core.Participants;

namespace AuthServer.Tests;

public sealed class ParticipantPreselectionTests
{
    private static readonly Guid Belgian = Guid.NewGuid();
    private static readonly Guid Czech = Guid.NewGuid();
    private static readonly Guid Dutch = Guid.NewGuid();

    private static readonly ParticipantKeys[] Participants =
    [
        new(Belgian, "BE0123456789", "0123456789", "BE"),
        new(Czech, "CZ12345678", "12345678", "CZ"),
        new(Dutch, null, "12345678", "NL"), // same registration number as the Czech one, other country
    ];

    [Theory]
    [InlineData("cz 1234 5678")]
    [InlineData("CZ12345678")]
    [InlineData("\tcz12345678 ")]
    public void EuVatId_CaseAndWhitespaceIgnored(string euVatId) =>
        Assert.Equal([Czech], ParticipantPreselection.Match(Participants, euVatId, null, null));

    [Fact]
    public void EuVatIdMatch_IgnoresConflictingRnAndCountryCode() =>
        Assert.Equal([Czech], ParticipantPreselection.Match(Participants, "CZ12345678", "0123456789", "BE"));

    [Fact]
    public void EuVatIdWithoutMatch_FallsBackToRnAndCountryCode() =>
        Assert.Equal([Belgian], ParticipantPreselection.Match(Participants, "DE999999999", "0123 456 789", "be"));

    [Fact]
    public void RnWithCountryCode_TellsSameNumberInOtherCountriesApart() =>
        Assert.Equal([Dutch], ParticipantPreselection.Match(Participants, null, "12345678", "nl"));

    [Theory]
    [InlineData("12345678", null)]
    [InlineData("12345678", " ")]
    [InlineData(null, "CZ")]
    public void RnOrCountryCodeAlone_MatchesNothing(string? rn, string? countryCode) =>
        Assert.Empty(ParticipantPreselection.Match(Participants, null, rn, countryCode));

    [Fact]
    public void NoMatch_Empty() =>
        Assert.Empty(ParticipantPreselection.Match(Participants, "FR00000000000", "999", "FR"));
}
