using AuthServer.Core.Validation;

namespace AuthServer.Core.Participants;

/// <summary>
/// What the API and the participants page write to a participant (SPEC §2), with the one set of rules
/// both apply. Field names are the API's JSON names, so errors name the same fields everywhere.
/// </summary>
public sealed record ParticipantDetails(
    string? Name,
    string? CountryCode,
    string? PeppolId,
    string? EuVatId = null,
    string? Rn = null,
    string? Email = null,
    string? Address = null)
{
    public const string NameField = "name";
    public const string CountryCodeField = "countryCode";
    public const string PeppolIdField = "peppolId";
    public const string EuVatIdField = "euVatId";
    public const string RnField = "rn";
    public const string EmailField = "email";
    public const string AddressField = "address";

    /// <returns>The trimmed values, or null with <paramref name="errors"/> naming each bad field.</returns>
    public ParticipantDetails? Validate(FieldErrors errors)
    {
        var name = errors.Text(NameField, Name, ParticipantRules.MaxNameLength, required: true);
        var euVatId = errors.Text(EuVatIdField, EuVatId, ParticipantRules.MaxIdentifierLength, required: false);
        var rn = errors.Text(RnField, Rn, ParticipantRules.MaxIdentifierLength, required: false);
        var countryCode = errors.Text(CountryCodeField, CountryCode, ParticipantRules.MaxIdentifierLength, required: true);
        if (countryCode is not null && !ParticipantRules.IsCountryCode(countryCode))
        {
            errors.Add(CountryCodeField, "countryCode must be an ISO 3166-1 alpha-2 country code, e.g. BE.");
        }

        var peppolId = errors.Text(PeppolIdField, PeppolId, ParticipantRules.MaxPeppolIdLength, required: true);
        if (peppolId is not null && !ParticipantRules.IsPeppolId(peppolId))
        {
            errors.Add(PeppolIdField, "peppolId must be scheme:value with a four-digit scheme, e.g. 0208:0123456789.");
        }

        var email = errors.Text(EmailField, Email, ParticipantRules.MaxEmailLength, required: false);
        if (email is not null && !ParticipantRules.IsEmail(email))
        {
            errors.Add(EmailField, "email must be one plain e-mail address, e.g. invoices@example.com.");
        }

        var address = errors.Text(AddressField, Address, ParticipantRules.MaxAddressLength, required: false);
        return errors.Any ? null : new ParticipantDetails(name, countryCode, peppolId, euVatId, rn, email, address);
    }

    public static ParticipantDetails From(Participant p) => new(p.Name, p.CountryCode, p.PeppolId, p.EuVatId, p.Rn, p.Email, p.Address);

    internal void ApplyTo(Participant participant)
    {
        participant.Name = Name!;
        participant.Email = Email;
        participant.Address = Address;
        participant.SetIdentifiers(EuVatId, Rn, CountryCode!, PeppolId!);
    }
}
