namespace AuthServer.Hosting;

/// <summary>Token settings (configuration section <c>Auth</c>, SPEC §4, §8).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The public origin (SPEC §8): the issuer, and the base of every absolute URL the server makes
    /// (metadata, <c>iss</c>, audience, mail links, the banner). Required outside Development; in
    /// Development, when unset, the request's origin is used.
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>The access tokens' <c>aud</c>; by default the issuer followed by <c>api</c>.</summary>
    public string? Audience { get; set; }
}
