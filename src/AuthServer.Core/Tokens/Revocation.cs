namespace AuthServer.Core.Tokens;

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
