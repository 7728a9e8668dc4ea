using AuthServer.Core;
using AuthServer.Core.Clients;

namespace AuthServer.Tests;

/// <summary>What the consent screen ticks, what a posted choice amounts to, and what it changes in a grant.</summary>
public sealed class ConsentOfferTests
{
    private static readonly Guid Czech = Guid.NewGuid();
    private static readonly Guid Belgian = Guid.NewGuid();

    /// <summary>CZ and read_participant_info granted; BE and send_documents requested.</summary>
    private static ConsentOffer Reconsent(IReadOnlyList<string>? kept = null) => new(
        IsDeveloperApp: true,
        [new(Scopes.ReadParticipantInfo, Requested: false, Granted: true), new(Scopes.SendDocuments, Requested: true, Granted: false)],
        kept ?? [],
        AdminWithheld: false,
        [new(Belgian, "BE", "0208:1", "BE1", "BE", Requested: true, Granted: false), new(Czech, "CZ", "9929:1", "CZ1", "CZ", Requested: false, Granted: true)],
        new CurrentGrant(Guid.NewGuid(), DateTime.UtcNow, DateTime.UtcNow));

    [Fact]
    public void DefaultChoice_TicksWhatIsGrantedAndWhatIsRequested()
    {
        var choice = Reconsent().DefaultChoice;

        Assert.Equal([Scopes.ReadParticipantInfo, Scopes.SendDocuments], choice.Scopes.Order());
        Assert.Equal(new[] { Belgian, Czech }.Order(), choice.ParticipantIds.Order());
    }

    [Fact]
    public void ChangesFor_DefaultChoice_OnlyAdds()
    {
        var offer = Reconsent();

        var changes = offer.ChangesFor(offer.DefaultChoice)!;

        Assert.Equal([Scopes.SendDocuments], changes.AddedScopes);
        Assert.Equal(["BE"], changes.AddedParticipants);
        Assert.Empty(changes.RemovedScopes);
        Assert.Empty(changes.RemovedParticipants);
    }

    [Fact]
    public void ChangesFor_Unticked_SaysWhatGoes()
    {
        var changes = Reconsent().ChangesFor(new ConsentChoice(new HashSet<string> { Scopes.SendDocuments }, new HashSet<Guid> { Belgian }))!;

        Assert.Equal([Scopes.ReadParticipantInfo], changes.RemovedScopes);
        Assert.Equal(["CZ"], changes.RemovedParticipants);
    }

    [Fact]
    public void ChangesFor_FirstConsent_IsNull() =>
        Assert.Null((Reconsent() with { Grant = null }).ChangesFor(Reconsent().DefaultChoice));

    [Fact]
    public void Decide_Default_GrantKeepsEverythingTokenGetsTheRequest()
    {
        var decision = Reconsent().Decide([Scopes.ReadParticipantInfo, Scopes.SendDocuments], [Belgian, Czech]);

        Assert.Equal(ConsentDecisionOutcome.Approved, decision.Outcome);
        Assert.Equal([Scopes.ReadParticipantInfo, Scopes.SendDocuments], decision.GrantScopes);
        Assert.Equal([Scopes.SendDocuments], decision.TokenScopes);
        Assert.Equal([Belgian, Czech], decision.ParticipantIds);
    }

    [Fact]
    public void Decide_KeptScopes_StayInTheGrant()
    {
        var decision = Reconsent(kept: [Scopes.Admin]).Decide([Scopes.SendDocuments], [Belgian]);

        Assert.Equal([Scopes.Admin, Scopes.SendDocuments], decision.GrantScopes);
        Assert.Equal([Scopes.SendDocuments], decision.TokenScopes);
    }

    [Fact]
    public void Decide_OnlyAGrantedScopeTicked_AsksForOneThatWasRequested()
    {
        var decision = Reconsent().Decide([Scopes.ReadParticipantInfo], [Czech]);

        Assert.Equal(ConsentDecisionOutcome.Incomplete, decision.Outcome);
        Assert.Contains("Scopes", decision.FormErrors!.Keys);
    }

    [Theory]
    [InlineData(Scopes.ReadAllDocuments)]
    [InlineData(Scopes.Admin)]
    public void Decide_ScopeNeverOffered_Refused(string scope) =>
        Assert.Equal(ConsentDecisionOutcome.Refused, Reconsent().Decide([Scopes.SendDocuments, scope], [Belgian]).Outcome);

    [Fact]
    public void Decide_ParticipantNotOffered_Refused() =>
        Assert.Equal(ConsentDecisionOutcome.Refused, Reconsent().Decide([Scopes.SendDocuments], [Guid.NewGuid()]).Outcome);

    [Fact]
    public void NoParticipants_CannotApprove() =>
        Assert.False((Reconsent() with { Participants = [] }).CanApprove);
}
