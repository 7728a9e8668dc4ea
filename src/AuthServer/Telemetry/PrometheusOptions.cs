using System.ComponentModel.DataAnnotations;

namespace AuthServer.Telemetry;

/// <summary>The Prometheus scrape endpoint (configuration section <c>Telemetry:Prometheus</c>), off by default.</summary>
public sealed class PrometheusOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where the scrape is answered.</summary>
    [Required, RegularExpression("^/[A-Za-z0-9._~/-]*$", ErrorMessage = "Telemetry:Prometheus:Path must be an absolute path such as /metrics.")]
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Unset: the scrape is an endpoint of the server's own port. Set: it is answered on this port only, by a
    /// listener of its own outside the web pipeline, so the proxy in front never routes it to the internet.
    /// </summary>
    [Range(1, 65_535)]
    public int? Port { get; set; }

    /// <summary>With <see cref="Port"/>: the host name the listener answers for (<c>*</c> for every interface).</summary>
    [Required]
    public string Host { get; set; } = "localhost";
}
