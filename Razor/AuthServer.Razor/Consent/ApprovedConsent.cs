namespace AuthServer.Razor.Consent;

/// <summary>What the user approved on the consent page.</summary>
/// <param name="GrantId">The Developer Application grant; null for an account's own API key (method 2).</param>
public sealed record ApprovedConsent(
    string UserId,
    Guid AccountId,
    IReadOnlyCollection<string> Scopes,
    Guid? GrantId,
    IReadOnlyCollection<Guid> ParticipantIds);
