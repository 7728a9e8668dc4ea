namespace AuthServer.Core.Audit;

/// <summary>
/// The audit log's action names (SPEC §2 "Audit event"): stable dotted names, grouped by the part before
/// the dot, and each one in words for the audit log page.
/// </summary>
public static class AuditActions
{
    public const string TokenIssued = "token.issued";
    public const string TokenRefused = "token.refused";
    public const string RefreshReuseDetected = "refresh.reuse_detected";
    public const string CodeReuseDetected = "code.reuse_detected";
    public const string FamilyRevoked = "family.revoked";

    public const string ConsentGranted = "consent.granted";
    public const string ConsentDenied = "consent.denied";
    public const string GrantRevoked = "grant.revoked";

    public const string SecretCreated = "secret.created";
    public const string SecretRotated = "secret.rotated";
    public const string SecretDeleted = "secret.deleted";
    public const string AppCreated = "app.created";
    public const string AppUpdated = "app.updated";
    public const string AppDeleted = "app.deleted";
    public const string RedirectUrisChanged = "client.redirect_uris_changed";
    public const string PkceRequired = "client.pkce_required";
    public const string PkceOptional = "client.pkce_optional";

    public const string AccountCreated = "account.created";
    public const string MemberInvited = "member.invited";
    public const string InvitationRevoked = "invitation.revoked";
    public const string MemberJoined = "member.joined";
    public const string MemberRoleChanged = "member.role_changed";
    public const string MemberRemoved = "member.removed";
    public const string MemberLeft = "member.left";

    public const string ParticipantCreated = "participant.created";
    public const string ParticipantUpdated = "participant.updated";
    public const string ParticipantDeleted = "participant.deleted";
    public const string ParticipantVerified = "participant.verified";
    public const string ParticipantRejected = "participant.rejected";

    public const string AccountSuspended = "account.suspended";
    public const string AccountReinstated = "account.reinstated";

    public const string AffiliateIdCreated = "affiliate_id.created";
    public const string AffiliateIdUpdated = "affiliate_id.updated";
    public const string AffiliateIdRevoked = "affiliate_id.revoked";

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        [TokenIssued] = "Token issued",
        [TokenRefused] = "Token request refused",
        [RefreshReuseDetected] = "Refresh token reused: its tokens revoked",
        [CodeReuseDetected] = "Authorization code reused: its tokens revoked",
        [FamilyRevoked] = "Tokens revoked by the client",
        [ConsentGranted] = "Access granted to an application",
        [ConsentDenied] = "Access denied to an application",
        [GrantRevoked] = "Connected app revoked",
        [SecretCreated] = "Client secret created",
        [SecretRotated] = "Second client secret created",
        [SecretDeleted] = "Client secret deleted",
        [AppCreated] = "Developer application created",
        [AppUpdated] = "Developer application changed",
        [AppDeleted] = "Developer application deleted",
        [RedirectUrisChanged] = "Redirect URIs changed",
        [PkceRequired] = "PKCE required for the API key",
        [PkceOptional] = "PKCE made optional for the API key",
        [AccountCreated] = "Account created",
        [MemberInvited] = "Member invited",
        [InvitationRevoked] = "Invitation revoked",
        [MemberJoined] = "Member joined",
        [MemberRoleChanged] = "Member's role changed",
        [MemberRemoved] = "Member removed",
        [MemberLeft] = "Member left",
        [ParticipantCreated] = "Participant added",
        [ParticipantUpdated] = "Participant changed",
        [ParticipantDeleted] = "Participant removed",
        [ParticipantVerified] = "Participant verified",
        [ParticipantRejected] = "Participant rejected",
        [AccountSuspended] = "Account suspended by an operator",
        [AccountReinstated] = "Account reinstated by an operator",
        [AffiliateIdCreated] = "Affiliate ID created",
        [AffiliateIdUpdated] = "Affiliate ID changed",
        [AffiliateIdRevoked] = "Affiliate ID revoked",
    };

    /// <returns>The action in words; an action this version does not know is shown as stored.</returns>
    public static string Describe(string action) => Words.GetValueOrDefault(action, action);
}
