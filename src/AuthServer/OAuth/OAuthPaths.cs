namespace AuthServer.OAuth;

/// <summary>The OAuth endpoints of SPEC §4, relative to the public origin.</summary>
public static class OAuthPaths
{
    /// <summary>SPEC §4: every OAuth endpoint is under <c>/api/auth/</c>.</summary>
    private const string Endpoints = "api/auth/";

    /// <summary>RFC 8615: the documents a client discovers the server from.</summary>
    private const string WellKnown = ".well-known/";

    public const string Authorize = Endpoints + "authorize";
    public const string Token = Endpoints + "token";

    /// <summary>A second address of the token endpoint (seed 004 method 1): see <see cref="Handlers.RenewEndpointHandlers"/>.</summary>
    public const string Renew = Endpoints + "renew";

    public const string Revoke = Endpoints + "revoke";
    public const string Introspect = Endpoints + "introspect";
    public const string Jwks = WellKnown + "jwks.json";
    public const string Metadata = WellKnown + "oauth-authorization-server";

    /// <summary>The same document at the OpenID address, which many client libraries read.</summary>
    public const string OpenIdMetadata = WellKnown + "openid-configuration";
}
