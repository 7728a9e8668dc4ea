namespace AuthServer.Demo;

/// <summary>
/// <c>Demo:Invitation</c>: a pending invitation the demo account's Admin sent (no mail is written); no
/// email, no invitation. Its link's token is configured, like every demo secret, so the console can print
/// the link; it expires 7 days after seeding, as any invitation.
/// </summary>
public sealed class DemoInvitation
{
    public string? Email { get; set; }
    public AccountRole Role { get; set; } = AccountRole.Member;

    /// <summary>43 characters of base64url (256 bits), as generated tokens are.</summary>
    public string? Token { get; set; }
}
