namespace AuthServer.Core.Clients;

/// <summary>
/// An OAuth client. It extends OpenIddict's application entity so that the protocol settings
/// (client type, redirect URIs, permissions, PKCE requirement) and our ownership data live in one
/// row that OpenIddict's managers and caches understand. Secrets are not kept in OpenIddict's
/// single <c>ClientSecret</c> column: see <see cref="ClientSecret"/>.
/// </summary>
public sealed class OAuthClient : OpenIddictEntityFrameworkCoreApplication<string, OAuthAuthorization, OAuthToken>
{
    public Guid AccountId { get; set; }
    public Account? Account { get; set; }
    public ClientKind Kind { get; set; }
    public string? Description { get; set; }
    public string? HomepageUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<ClientSecret> Secrets { get; } = [];
}
