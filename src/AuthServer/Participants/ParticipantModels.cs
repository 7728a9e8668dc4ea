using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/participants</c>, as the OpenAPI document describes it. Every
/// member is optional to the JSON reader; <see cref="ParticipantService"/> checks them with the rules the
/// participants page uses too, so a missing one is a 400 that names it, not a deserialization error.
/// </summary>
public sealed record ParticipantInput(
    [property: Required, MaxLength(ParticipantRules.MaxNameLength)] string? Name,
    [property: Required, Description("ISO 3166-1 alpha-2, e.g. BE")] string? CountryCode,
    [property: Required, MaxLength(ParticipantRules.MaxPeppolIdLength), Description("scheme:value, e.g. 0208:0123456789; unique on this server")] string? PeppolId,
    [property: MaxLength(ParticipantRules.MaxIdentifierLength), Description("EU VAT number, e.g. BE0123456789")] string? EuVatId = null,
    [property: MaxLength(ParticipantRules.MaxIdentifierLength), Description("Company registration number")] string? Rn = null,
    [property: MaxLength(ParticipantRules.MaxEmailLength)] string? Email = null,
    [property: MaxLength(ParticipantRules.MaxAddressLength)] string? Address = null)
{
    public ParticipantDetails ToDetails() => new(Name, CountryCode, PeppolId, EuVatId, Rn, Email, Address);
}
