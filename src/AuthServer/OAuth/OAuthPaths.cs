namespace AuthServer.OAuth;

/// <summary>The OAuth endpoints of SPEC §4 (all under /api/auth/), relative to the public origin.</summary>
public static class OAuthPaths
{
    public const string Authorize = "api/auth/authorize";
    public const string Token = "api/auth/token";

    /// <summary>A second address of the token endpoint (seed 004 method 1): see <see cref="Handlers.RenewEndpointHandlers"/>.</summary>
    public const string Renew = "api/auth/renew";

    public const string Revoke = "api/auth/revoke";
    public const string Introspect = "api/auth/introspect";
    public const string Jwks = ".well-known/jwks.json";
    public const string Metadata = ".well-known/oauth-authorization-server";

    /// <summary>The same document at the OpenID address, which many client libraries read.</summary>
    public const string OpenIdMetadata = ".well-known/openid-configuration";
}
