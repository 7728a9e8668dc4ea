using AuthServer.Core.Accounts;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Core.Clients;

public enum ClientKind
{
    /// <summary>Settings / API Key: one per account, acts for the whole account (methods 1 and 2).</summary>
    ApiKey = 0,

    /// <summary>A third-party app registered at /developers, authorized per account (method 3).</summary>
    DeveloperApp = 1,
}

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

/// <summary>OpenIddict's authorization entity, typed for our client. Token families do not use it (see TokenRedemption).</summary>
public sealed class OAuthAuthorization : OpenIddictEntityFrameworkCoreAuthorization<string, OAuthClient, OAuthToken>;

/// <summary>OpenIddict's token entity, typed for our client.</summary>
public sealed class OAuthToken : OpenIddictEntityFrameworkCoreToken<string, OAuthClient, OAuthAuthorization>;
