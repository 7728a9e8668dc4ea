namespace AuthServer.Core.Affiliates;

/// <summary>
/// A semi-public UUID that lets public pages run lookups (SPEC §4 method 4). It grants nothing else;
/// it exists so abuse can be limited and attributed.
/// </summary>
public sealed class AffiliateId : AccountOwned
{
    public required string Label { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>Lookups a minute; null means the configured default.</summary>
    public int? PermitPerMinute { get; set; }

    /// <summary>Browser origins allowed by CORS, space-separated; empty means no CORS at all.</summary>
    public string AllowedOrigins { get; set; } = "";

    public DateOnly UsageDay { get; set; }
    public long RequestsOnUsageDay { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
