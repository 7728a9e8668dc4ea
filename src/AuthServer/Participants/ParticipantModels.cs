using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AuthServer.Api;
using AuthServer.Core.Participants;

namespace AuthServer.Participants;

/// <summary>A participant as the API shows it (SPEC §6).</summary>
public sealed record ParticipantResponse(
    Guid Id,
    string Name,
    string? EuVatId,
    string? Rn,
    string CountryCode,
    string PeppolId,
    string? Email,
    string? Address)
{
    public static ParticipantResponse From(Participant p) => new(p.Id, p.Name, p.EuVatId, p.Rn, p.CountryCode, p.PeppolId, p.Email, p.Address);
}

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/participants</c>. Every member is optional to the JSON reader and
/// checked by <see cref="Validate"/>, so a missing one is a 400 that names it, not a deserialization error.
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
    /// <returns>The trimmed values, or null with <paramref name="errors"/> naming each bad field.</returns>
    public ParticipantInput? Validate(ValidationErrors errors)
    {
        var name = errors.Text("name", Name, ParticipantRules.MaxNameLength, required: true);
        var euVatId = errors.Text("euVatId", EuVatId, ParticipantRules.MaxIdentifierLength, required: false);
        var rn = errors.Text("rn", Rn, ParticipantRules.MaxIdentifierLength, required: false);
        var countryCode = errors.Text("countryCode", CountryCode, ParticipantRules.MaxIdentifierLength, required: true);
        if (countryCode is not null && !ParticipantRules.IsCountryCode(countryCode))
        {
            errors.Add("countryCode", "countryCode must be an ISO 3166-1 alpha-2 country code, e.g. BE.");
        }

        var peppolId = errors.Text("peppolId", PeppolId, ParticipantRules.MaxPeppolIdLength, required: true);
        if (peppolId is not null && !ParticipantRules.IsPeppolId(peppolId))
        {
            errors.Add("peppolId", "peppolId must be scheme:value with a four-digit scheme, e.g. 0208:0123456789.");
        }

        var email = errors.Text("email", Email, ParticipantRules.MaxEmailLength, required: false);
        if (email is not null && !ParticipantRules.IsEmail(email))
        {
            errors.Add("email", "email must be one plain e-mail address, e.g. invoices@example.com.");
        }

        var address = errors.Text("address", Address, ParticipantRules.MaxAddressLength, required: false);
        return errors.Any ? null : new ParticipantInput(name, countryCode, peppolId, euVatId, rn, email, address);
    }

    public void ApplyTo(Participant participant)
    {
        participant.Name = Name!;
        participant.Email = Email;
        participant.Address = Address;
        participant.SetIdentifiers(EuVatId, Rn, CountryCode!, PeppolId!);
    }
}
