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
