using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Participants;

namespace AuthServer.Participants;

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
