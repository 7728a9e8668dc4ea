namespace AuthServer.Api;

/// <summary><c>GET /api/account</c>: who the token is (SPEC §6).</summary>
public sealed record AccountResponse(
    Guid AccountId,
    string AccountName,
    string ClientId,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<AccountParticipant> Participants,
    DateTimeOffset ExpiresAt);
