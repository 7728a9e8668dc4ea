namespace AuthServer.Core.Affiliates;

/// <summary>What the lookup gate needs to know about one affiliate ID, as read at one moment.</summary>
public sealed class AffiliateIdSnapshot
{
    public AffiliateIdSnapshot(Guid id, Guid accountId, bool revoked, int? permitPerMinute, IReadOnlyList<string> allowedOrigins)
    {
        Id = id;
        AccountId = accountId;
        Revoked = revoked;
        PermitPerMinute = permitPerMinute;
        AllowedOrigins = allowedOrigins;
    }

    public Guid Id { get; }

    /// <summary>The owner: a suspended account's IDs answer as revoked.</summary>
    public Guid AccountId { get; }
    public bool Revoked { get; }

    /// <summary>Null: the configured default.</summary>
    public int? PermitPerMinute { get; }

    /// <summary>The browser origins lookups answer CORS for (<see cref="Affiliates.AllowedOrigins"/>); none: no CORS at all.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; }
}
