namespace AuthServer.Core.Clients;

/// <summary>
/// A customer's consent to a Developer Application (SPEC §2): one per app and account. Every token
/// family started from it carries its id, so revoking the grant revokes them all.
/// </summary>
public sealed class Grant : AccountOwned
{
    /// <summary>The Developer Application's row id (not its public client_id).</summary>
    public required string ApplicationId { get; set; }
    public OAuthClient? Client { get; set; }
    public required string ConsentedByUserId { get; set; }

    /// <summary>Approved scopes, space-separated as in OAuth.</summary>
    public required string Scopes { get; set; }
    public List<GrantParticipant> Participants { get; } = [];
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
