using AuthServer.Core.Clients;
using AuthServer.Razor.Settings;

namespace AuthServer.Razor.Consent;

/// <summary>The consent screen as displayed.</summary>
/// <param name="Ticked">What the checkboxes show ticked: the offer's default, or what was just posted.</param>
/// <param name="Changes">What approving as ticked changes in the existing grant; null on a first consent.</param>
/// <param name="Admins">The account's Admins, named when a Member cannot go on without them.</param>
public sealed record ConsentView(
    ClientSummary Client,
    AccountMembershipView Account,
    bool CanSwitchAccount,
    string? RedirectHost,
    ConsentOffer Offer,
    ConsentChoice Ticked,
    ConsentChanges? Changes,
    IReadOnlyList<string> Admins);
