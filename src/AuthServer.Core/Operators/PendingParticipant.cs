namespace AuthServer.Core.Operators;

/// <summary>A participant waiting for an operator: who claims what, and who else claims the same Peppol ID.</summary>
public sealed record PendingParticipant(
    Guid Id,
    string Name,
    string PeppolId,
    string? EuVatId,
    string? Rn,
    string CountryCode,
    string? Email,
    string? Address,
    Guid AccountId,
    string AccountName,
    bool AccountSuspended,
    string AddedBy,
    DateTime CreatedAt,
    string? Note,
    IReadOnlyList<string> OtherClaims);
