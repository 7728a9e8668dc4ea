using System.Net;

namespace AuthServer.Hosting;

/// <summary>Transport settings (configuration section <c>Server</c>, SPEC §8).</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>The key that trusted X-Forwarded-* from any peer; refused at start, naming its replacements.</summary>
    public const string RemovedTrustForwardedHeaders = Section + ":TrustForwardedHeaders";

    /// <summary>
    /// Serve plain HTTP outside Development: for benchmarks on loopback, or behind a proxy that
    /// terminates TLS. Development always allows it (http://localhost:5000).
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Addresses of the reverse proxies in front of the server: only requests from them may set the client
    /// address, scheme and host through <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c>. Anyone else could
    /// otherwise pick the address every per-network limit is keyed on.
    /// </summary>
    public List<string?> KnownProxies { get; set; } = [];

    /// <summary>The same as <see cref="KnownProxies"/> for whole networks, in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public List<string?> KnownNetworks { get; set; } = [];

    public bool TrustsProxies => Listed(KnownProxies).Any() || Listed(KnownNetworks).Any();

    public IEnumerable<IPAddress> ParsedProxies() => Listed(KnownProxies).Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> ParsedNetworks() => Listed(KnownNetworks).Select(n => IPNetwork.Parse(n));

    /// <summary>The entries given, trimmed; an empty entry (an environment variable set to nothing) is none.</summary>
    public static IEnumerable<string> Listed(IEnumerable<string?> entries) =>
        entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim());

    /// <summary>
    /// A sandbox deployment: a "Sandbox" ribbon on every page and in the console banner, and new client
    /// secrets <c>sk_test_…</c> instead of <c>sk_live_…</c> (see <see cref="Core.Deployment"/>).
    /// </summary>
    public bool Sandbox { get; set; }
}
