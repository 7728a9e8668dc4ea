using AuthServer.Core;
using AuthServer.Core.Clients;
using AuthServer.Core.Participants;

namespace AuthServer.Tests;

/// <summary>
/// The consent offer with participants that are not verified (SPEC §2): shown, never ticked, never approvable;
/// one already granted stays in the grant (out of the tokens) rather than being dropped silently.
/// </summary>
public sealed class UnverifiedConsentTests
{
    private static readonly Guid Verified = Guid.NewGuid();
    private static readonly Guid Pending = Guid.NewGuid();
    private static readonly Guid Rejected = Guid.NewGuid();

    /// <summary>Verified and (granted, now) rejected participants; a pending one named by the request.</summary>
    private static ConsentOffer Offer(bool withVerified = true) => new(
        IsDeveloperApp: true,
        [new(Scopes.ReadParticipantInfo, Requested: true, Granted: true)],
        [],
        AdminWithheld: false,
        [
            .. withVerified ? [new OfferedParticipant(Verified, "OK", "0208:1", null, "BE", Requested: false, Granted: true)] : Array.Empty<OfferedParticipant>(),
            new(Pending, "Claimed", "0208:2", "BE2", "BE", Requested: true, Granted: false, ParticipantStatus.Pending),
            new(Rejected, "Withdrawn", "0208:3", null, "BE", Requested: false, Granted: true, ParticipantStatus.Rejected),
        ],
        new CurrentGrant(Guid.NewGuid(), DateTime.UtcNow, DateTime.UtcNow));

    [Fact]
    public void DefaultChoice_TicksOnlyVerified_EvenWhenRequestedOrGranted() =>
        Assert.Equal([Verified], Offer().DefaultChoice.ParticipantIds);

    [Fact]
    public void CanApprove_NeedsAVerifiedParticipant()
    {
        Assert.True(Offer().CanApprove);
        Assert.False(Offer(withVerified: false).CanApprove);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decide_PostNamingAnUnverifiedParticipant_IsRefused(bool pending)
    {
        var decision = Offer().Decide([Scopes.ReadParticipantInfo], [Verified, pending ? Pending : Rejected]);

        Assert.Equal(ConsentDecisionOutcome.Refused, decision.Outcome);
        Assert.Contains("not verified", decision.RefusalReason, StringComparison.Ordinal);
        Assert.Empty(decision.ParticipantIds);
    }

    [Fact]
    public void Decide_KeepsAGrantedParticipantThatIsNoLongerVerified_InTheGrantOnly()
    {
        var decision = Offer().Decide([Scopes.ReadParticipantInfo], [Verified]);

        Assert.Equal(ConsentDecisionOutcome.Approved, decision.Outcome);
        Assert.Equal([Verified], decision.ParticipantIds);
        Assert.Equal(new[] { Verified, Rejected }.Order(), decision.GrantParticipantIds.Order());
    }

    [Fact]
    public void ChangesFor_DoesNotClaimToTakeAwayWhatIsKept()
    {
        var offer = Offer();

        var changes = offer.ChangesFor(offer.DefaultChoice)!;

        Assert.True(changes.None);
    }
}
