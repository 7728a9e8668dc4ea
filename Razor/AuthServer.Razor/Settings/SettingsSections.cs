namespace AuthServer.Razor.Settings;

public sealed record SettingsSection(string Title, string Description, string Path, bool AdminOnly);

/// <summary>
/// The settings pages, listed on /settings. Each feature adds its page here when it lands, so the
/// index never links to a page that does not exist.
/// </summary>
public static class SettingsSections
{
    public static readonly IReadOnlyList<SettingsSection> All =
    [
        new("API key", "Your own software's client_id, secrets and redirect URIs", "/settings/api-key", AdminOnly: true),
        new("Affiliate IDs", "Keys for public lookup pages and widgets: limits, browser origins, usage", "/settings/affiliate-ids", AdminOnly: true),
        new("Connected apps", "Applications you have authorized to act for this account; revoke their access", "/settings/connected-apps", AdminOnly: false),
    ];

    public static IReadOnlyList<SettingsSection> For(AccountMembershipView account) =>
        [.. All.Where(s => account.IsAdmin || !s.AdminOnly)];
}
