namespace AuthServer.Core.Accounts;

/// <summary>
/// An Admin's invitation of someone, by email, into an account with a role (SPEC §2). The mailed link
/// carries a random token; only its SHA-256 is stored, so a copy of the database cannot accept anything.
/// </summary>
public sealed class Invitation : AccountOwned
{
    /// <summary>As the Admin typed it (trimmed).</summary>
    public required string Email { get; set; }

    /// <summary>Upper-cased as Identity normalizes emails, to match the invitee's login.</summary>
    public required string NormalizedEmail { get; set; }

    public AccountRole Role { get; set; }

    /// <summary>The inviting Admin's user id (no foreign key: the invitation outlives a deleted inviter).</summary>
    public required string InvitedByUserId { get; set; }

    /// <summary>SHA-256 of the link's token.</summary>
    public required byte[] TokenHash { get; set; }

    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedByUserId { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsPending(DateTime now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}
