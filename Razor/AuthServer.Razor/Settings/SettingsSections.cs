namespace AuthServer.Razor.Settings;

/// <summary>
/// The settings pages, listed on /settings. Each feature adds its page here when it lands, so the
/// index never links to a page that does not exist.
/// </summary>
public static class SettingsSections
{
    public const string Participants = "/settings/participants";
    public const string Members = "/settings/members";
    public const string ApiKey = "/settings/api-key";
    public const string AffiliateIds = "/settings/affiliate-ids";
    public const string ConnectedApps = "/settings/connected-apps";
    public const string AuditLog = "/settings/audit-log";

    public static readonly IReadOnlyList<SettingsSection> All =
    [
        new("Participants", "Your companies on the Peppol network: identifiers, contact details", Participants, AdminOnly: false),
        new("Members", "Who belongs to this account, their roles, and invitations", Members, AdminOnly: false),
        new("API key", "Your own software's client_id, secrets and redirect URIs", ApiKey, AdminOnly: true),
        new("Affiliate IDs", "Keys for public lookup pages and widgets: limits, browser origins, usage", AffiliateIds, AdminOnly: true),
        new("Connected apps", "Applications you have authorized to act for this account; revoke their access", ConnectedApps, AdminOnly: false),
        new("Audit log", "Every sign of activity on this account: tokens, consents, secrets, members, participants", AuditLog, AdminOnly: true),
    ];

    public static IReadOnlyList<SettingsSection> For(AccountMembershipView account) =>
        [.. All.Where(s => account.IsAdmin || !s.AdminOnly)];

    /// <summary>The section a path belongs to, for the breadcrumb; null outside /settings.</summary>
    public static SettingsSection? Of(string path) =>
        All.FirstOrDefault(s => path.StartsWith(s.Path, StringComparison.OrdinalIgnoreCase));
}
