using AuthServer.Core.Accounts;

namespace AuthServer.Core.Participants;

/// <summary>A legal entity on the Peppol network, owned by one account (SPEC §2).</summary>
public sealed class Participant
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public required string Name { get; set; }

    public string? EuVatId { get; private set; }
    public string? Rn { get; private set; }
    public string CountryCode { get; private set; } = "";
    public string PeppolId { get; private set; } = "";

    // Matching keys (consent pre-selection, public lookups, uniqueness) are stored normalized
    // so that every query is an index seek on an exact value.
    public string? EuVatIdKey { get; private set; }
    public string? RnKey { get; private set; }
    public string PeppolIdKey { get; private set; } = "";

    public string? Email { get; set; }
    public string? Address { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Sets the identifiers together so that display values and keys never drift apart.</summary>
    public void SetIdentifiers(string? euVatId, string? rn, string countryCode, string peppolId)
    {
        EuVatId = string.IsNullOrWhiteSpace(euVatId) ? null : euVatId.Trim();
        Rn = string.IsNullOrWhiteSpace(rn) ? null : rn.Trim();
        CountryCode = IdentifierKey.Normalize(countryCode) ?? "";
        PeppolId = peppolId.Trim();
        EuVatIdKey = IdentifierKey.Normalize(euVatId);
        RnKey = IdentifierKey.Normalize(rn);
        PeppolIdKey = IdentifierKey.Normalize(peppolId) ?? "";
    }
}
