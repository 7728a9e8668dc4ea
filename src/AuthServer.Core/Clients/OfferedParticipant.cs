using AuthServer.Core.Participants;

namespace AuthServer.Core.Clients;

/// <param name="Requested">Named by the request's euVatId, or rn with countryCode (SPEC §4 pre-selection).</param>
/// <param name="Granted">Already in the account's grant for this app.</param>
/// <param name="Status">Only a verified participant can be approved (SPEC §2); the others are shown, not offered.</param>
public sealed record OfferedParticipant(Guid Id, string Name, string PeppolId, string? EuVatId, string CountryCode, bool Requested, bool Granted,
    ParticipantStatus Status = ParticipantStatus.Verified)
{
    public bool Selectable => Status == ParticipantStatus.Verified;
}
