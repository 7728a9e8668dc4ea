namespace AuthServer.Core.Clients;

/// <summary>What a new client is: the caller has validated names and redirect URIs.</summary>
public sealed record ClientRegistration(
    Guid AccountId,
    ClientKind Kind,
    string ClientId,
    string DisplayName,
    IReadOnlyCollection<string> RedirectUris,
    IReadOnlyCollection<string> AllowedScopes,
    bool IsPublic = false,
    bool RequirePkce = true,
    string? Description = null,
    string? HomepageUrl = null);
