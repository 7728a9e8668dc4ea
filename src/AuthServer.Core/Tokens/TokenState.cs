namespace AuthServer.Core.Tokens;

/// <summary>
/// A refresh token or authorization code that has been redeemed. Issuing a token writes nothing:
/// tokens are self-contained and carry their family id. A row appears only when a token is first
/// redeemed, which is what makes single use and refresh reuse detection possible (SPEC §4).
/// </summary>
public sealed class TokenRedemption
{
    /// <summary>The redeemed token's identifier (its <c>jti</c>/token id).</summary>
    public required string TokenId { get; set; }
    public required string FamilyId { get; set; }
    public DateTime RedeemedAt { get; set; }

    /// <summary>When the redeemed token would have expired anyway: the row can be pruned after that.</summary>
    public DateTime ExpiresAt { get; set; }
}

public enum RevocationKind
{
    /// <summary>One token family: a reused refresh token or code, or /revoke.</summary>
    Family = 0,

    /// <summary>Every family started with a deleted client secret.</summary>
    Secret = 1,

    /// <summary>Every family of a revoked Developer Application grant.</summary>
    Grant = 2,

    /// <summary>Every family of a deleted client.</summary>
    Client = 3,
}

/// <summary>
/// A revocation rule: tokens whose claim of this kind equals <see cref="Subject"/> and that were issued
/// before <see cref="RevokedAt"/> are refused. Rules are few and small, so every instance keeps them all
/// in memory and polls for new ones (SPEC §4: revocation visible within 1 s on every instance).
/// </summary>
public sealed class Revocation
{
    public long Id { get; set; }
    public RevocationKind Kind { get; set; }
    public required string Subject { get; set; }
    public DateTime RevokedAt { get; set; }

    /// <summary>After this no token the rule could match is still valid, so the rule can be pruned.</summary>
    public DateTime ExpiresAt { get; set; }
}
