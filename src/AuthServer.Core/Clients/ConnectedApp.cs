namespace AuthServer.Core.Clients;

/// <summary>A Developer Application an account has authorized, as its connected-apps page shows it (SPEC §4).</summary>
/// <param name="ConsentedBy">The email of the member who last consented, or "a former member".</param>
public sealed record ConnectedApp(
    Guid GrantId,
    string AppName,
    string OwnerName,
    string? HomepageUrl,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<string> Participants,
    string ConsentedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastUsedAt);
