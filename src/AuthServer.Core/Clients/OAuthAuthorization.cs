namespace AuthServer.Core.Clients;

/// <summary>OpenIddict's authorization entity, typed for our client. Token families do not use it (see TokenRedemption).</summary>
public sealed class OAuthAuthorization : OpenIddictEntityFrameworkCoreAuthorization<string, OAuthClient, OAuthToken>;
