namespace AuthServer.Razor.Settings;

/// <summary>One settings page, as /settings and the home page list it.</summary>
public sealed record SettingsSection(string Title, string Description, string Path, bool AdminOnly);
