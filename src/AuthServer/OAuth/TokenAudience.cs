namespace AuthServer.OAuth;

/// <summary>The <c>aud</c> of our access tokens (SPEC §4): <c>Auth:Audience</c>, else the issuer followed by <c>api</c>.</summary>
public static class TokenAudience
{
    public static string For(Uri issuer, AuthOptions options) =>
        options.Audience ?? issuer.AbsoluteUri.TrimEnd('/') + "/api";

    /// <summary>The issuer as OpenIddict computes it: <c>Auth:Issuer</c>, else the request's origin.</summary>
    public static Uri IssuerFor(HttpRequest request, AuthOptions options) => PublicOrigin.Of(request, options);
}
