using AuthServer.Core.Participants;

namespace AuthServer.Razor.Participants;

/// <summary>
/// The add and edit forms of /settings/participants. No rules here: <see cref="ParticipantService"/>
/// applies the API's rules, and its errors (named by the API's field names) map back onto these fields.
/// </summary>
public sealed class ParticipantForm
{
    public string? Name { get; set; }
    public string? CountryCode { get; set; }
    public string? PeppolId { get; set; }
    public string? EuVatId { get; set; }
    public string? Rn { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }

    /// <summary>The API field name each form field answers to.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ParticipantDetails.NameField] = nameof(Name),
        [ParticipantDetails.CountryCodeField] = nameof(CountryCode),
        [ParticipantDetails.PeppolIdField] = nameof(PeppolId),
        [ParticipantDetails.EuVatIdField] = nameof(EuVatId),
        [ParticipantDetails.RnField] = nameof(Rn),
        [ParticipantDetails.EmailField] = nameof(Email),
        [ParticipantDetails.AddressField] = nameof(Address),
    };

    public ParticipantDetails ToDetails() => new(Name, CountryCode, PeppolId, EuVatId, Rn, Email, Address);

    public static ParticipantForm From(Participant p) => new()
    {
        Name = p.Name,
        CountryCode = p.CountryCode,
        PeppolId = p.PeppolId,
        EuVatId = p.EuVatId,
        Rn = p.Rn,
        Email = p.Email,
        Address = p.Address,
    };
}
