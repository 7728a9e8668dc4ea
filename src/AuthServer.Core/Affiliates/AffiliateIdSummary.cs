namespace AuthServer.Core.Affiliates;

/// <summary>One affiliate ID as the settings page shows it, with today's usage (UTC).</summary>
public sealed record AffiliateIdSummary(
    Guid Id,
    string Label,
    DateTime CreatedAt,
    DateTime? RevokedAt,
    int? PermitPerMinute,
    IReadOnlyList<string> AllowedOrigins,
    long RequestsToday,
    DateTime? LastUsedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
