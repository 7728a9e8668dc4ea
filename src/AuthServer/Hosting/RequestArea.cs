namespace AuthServer.Hosting;

/// <summary>How a request expects its errors (SPEC §5): the three kinds of clients the server has.</summary>
public enum RequestArea
{
    /// <summary>A browser: an HTML page in our layout (every page, and the authorization endpoint).</summary>
    Page,

    /// <summary>The bearer-token API under <c>/api</c>: <c>application/problem+json</c> with a <c>code</c>.</summary>
    Api,

    /// <summary>The OAuth endpoints a client calls directly (token, renew, revoke, introspect): RFC 6749 error JSON.</summary>
    OAuth,
}
