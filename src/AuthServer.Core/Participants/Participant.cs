namespace AuthServer.Core.Participants;

/// <summary>A legal entity on the Peppol network, owned by one account (SPEC §2).</summary>
public sealed class Participant : AccountOwned
{
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

    /// <summary>Who added it, as an audit actor ("user:{id}", "client:{client_id}"); null for participants older than verification.</summary>
    public string? AddedBy { get; set; }

    public ParticipantStatus Status { get; private set; } = ParticipantStatus.Pending;

    /// <summary>Why it was rejected (shown to the account), or why it went back to pending.</summary>
    public string? StatusReason { get; private set; }

    public DateTime? StatusChangedAt { get; private set; }

    /// <summary>Who changed the status, as an audit actor ("operator:{user id}", "user:…", "client:…", "system").</summary>
    public string? StatusChangedBy { get; private set; }

    public bool IsVerified => Status == ParticipantStatus.Verified;

    public void SetStatus(ParticipantStatus status, string? reason, string actor, DateTime at)
    {
        Status = status;
        StatusReason = reason;
        StatusChangedBy = actor;
        StatusChangedAt = at;
    }

    /// <summary>
    /// What verification vouches for: the matching keys of euVatId, rn, countryCode and peppolId (not the name,
    /// email or address), compared before and after an edit.
    /// </summary>
    public (string? EuVatId, string? Rn, string CountryCode, string PeppolId) VerifiedIdentifiers => (EuVatIdKey, RnKey, CountryCode, PeppolIdKey);

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
