namespace AuthServer.Hosting;

/// <summary>Transport settings (configuration section <c>Server</c>, SPEC §8).</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>
    /// Serve plain HTTP outside Development: for benchmarks on loopback, or behind a proxy that
    /// terminates TLS. Development always allows it (http://localhost:5000).
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>Honour X-Forwarded-For/-Proto/-Host from the proxy in front (only turn on behind one).</summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>
    /// A sandbox deployment: a "Sandbox" ribbon on every page and in the console banner, and new client
    /// secrets <c>sk_test_…</c> instead of <c>sk_live_…</c> (see <see cref="Core.Deployment"/>).
    /// </summary>
    public bool Sandbox { get; set; }
}

/// <summary>Token settings (configuration section <c>Auth</c>, SPEC §4, §8).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Fixes the issuer; by default it is the request's origin.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The access tokens' <c>aud</c>; by default the issuer followed by <c>api</c>.</summary>
    public string? Audience { get; set; }
}
