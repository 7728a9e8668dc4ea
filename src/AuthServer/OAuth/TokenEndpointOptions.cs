using System.ComponentModel.DataAnnotations;

namespace AuthServer.OAuth;

/// <summary>Limits of the OAuth endpoints (configuration section <c>TokenEndpoint</c>, SPEC §8).</summary>
public sealed class TokenEndpointOptions
{
    public const string Section = "TokenEndpoint";

    /// <summary>Requests a minute from one client network to token, renew, revoke and introspect (burst of a full minute).</summary>
    [Range(1, 10_000_000)]
    public int PermitPerMinute { get; set; } = 6000;

    /// <summary>Refused requests (4xx) a minute from one client network; past it, every request gets 429.</summary>
    [Range(1, 1_000_000)]
    public int FailedPerMinute { get; set; } = 60;

    /// <summary>Failed client authentications (401 <c>invalid_client</c>) one client network may make in a row before 429.</summary>
    [Range(1, 1_000_000)]
    public int ClientAuthFailureBurst { get; set; } = 10;

    /// <summary>How many more failed client authentications a client network is allowed each minute, refilled evenly.</summary>
    [Range(1, 1_000_000)]
    public int ClientAuthFailuresPerMinute { get; set; } = 10;
}
