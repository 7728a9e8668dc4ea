namespace AuthServer.Razor.Developers;

/// <summary>What kind of OAuth client a Developer Application is (RFC 6749 §2.1).</summary>
public enum AppClientType
{
    /// <summary>A server-side app that keeps a secret.</summary>
    Confidential = 0,

    /// <summary>A browser or native app: no secret, PKCE always.</summary>
    Public = 1,
}
