namespace AuthServer.Core.Affiliates;

/// <summary>Limits of the public lookup (configuration section <c>Lookup</c>, SPEC §4 method 4, §8).</summary>
public sealed class LookupOptions
{
    public const string Section = "Lookup";

    /// <summary>The highest per-ID limit a page or configuration may set.</summary>
    public const int MaxPermitPerMinute = 1_000_000;

    /// <summary>
    /// Lookups a minute for an affiliate ID that sets no limit of its own. A full minute's allowance may
    /// be spent at once (the burst); it refills continuously, e.g. 600 a minute is one every 100 ms.
    /// </summary>
    [Range(1, MaxPermitPerMinute)]
    public int PermitPerMinute { get; set; } = 600;

    /// <summary>
    /// Failed attempts (missing, malformed, unknown or revoked affiliate ID) a client network may make in
    /// a minute; past it every lookup from that network gets 429, so IDs cannot be enumerated.
    /// </summary>
    [Range(1, 100_000)]
    public int FailedPerIpPerMinute { get; set; } = 20;

    /// <summary>How often usage counted in memory is written to the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(30);
}
