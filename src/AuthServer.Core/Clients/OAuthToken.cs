namespace AuthServer.Core.Clients;

/// <summary>OpenIddict's token entity, typed for our client.</summary>
public sealed class OAuthToken : OpenIddictEntityFrameworkCoreToken<string, OAuthClient, OAuthAuthorization>;
