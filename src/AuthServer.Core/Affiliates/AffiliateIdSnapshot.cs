namespace AuthServer.Core.Affiliates;

/// <summary>What the lookup gate needs to know about one affiliate ID, as read at one moment.</summary>
/// <param name="AccountId">The owner: a suspended account's IDs answer as revoked.</param>
/// <param name="PermitPerMinute">Null: the configured default.</param>
/// <param name="AllowedOrigins">The browser origins lookups answer CORS for (<see cref="Affiliates.AllowedOrigins"/>); none: no CORS at all.</param>
public sealed record AffiliateIdSnapshot(Guid Id, Guid AccountId, bool Revoked, int? PermitPerMinute, IReadOnlyList<string> AllowedOrigins);
