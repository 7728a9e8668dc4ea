namespace AuthServer.Core.Clients;

/// <summary>What the owner of a Developer Application may change after creating it (its client type is fixed).</summary>
public sealed record ClientUpdate(
    string DisplayName,
    string? Description,
    string? HomepageUrl,
    IReadOnlyCollection<string> RedirectUris,
    IReadOnlyCollection<string> AllowedScopes,
    bool RequirePkce);
