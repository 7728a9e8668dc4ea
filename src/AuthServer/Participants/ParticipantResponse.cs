using AuthServer.Core.Participants;

namespace AuthServer.Participants;

/// <summary>A participant as the API shows it (SPEC §6).</summary>
/// <param name="Status">
/// <c>pending</c> until an operator verifies it, <c>verified</c>, or <c>rejected</c> (the reason is on the participants
/// page and in the mail to the account's Admins). Only verified participants send, receive and are found by lookups.
/// </param>
public sealed record ParticipantResponse(
    Guid Id,
    string Name,
    string? EuVatId,
    string? Rn,
    string CountryCode,
    string PeppolId,
    string? Email,
    string? Address,
    ParticipantStatus Status)
{
    public static ParticipantResponse From(Participant p) => new(p.Id, p.Name, p.EuVatId, p.Rn, p.CountryCode, p.PeppolId, p.Email, p.Address, p.Status);
}
