using AuthServer.Razor.Settings;
using Microsoft.AspNetCore.Http;

namespace AuthServer.Razor.Navigation;

/// <summary>The top bar's sections, and which one a request is in (marked with <c>aria-current</c>).</summary>
public static class Sections
{
    public static readonly IReadOnlyList<NavSection> All =
    [
        new("Home", "/"),
        new("Settings", "/settings"),
        new("Developers", "/developers"),
        new("API docs", "/docs"),
    ];

    /// <summary>The operator console: in the top bar of server operators only (everyone else gets a 404 there).</summary>
    public static readonly NavSection Operator = new("Operator", "/operator");

    public static bool IsCurrent(NavSection section, PathString path) =>
        section.Path == "/" ? path == "/" || !path.HasValue : path.StartsWithSegments(section.Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where to land after switching accounts from <paramref name="path"/>: the same section's list, never
    /// one item of it (an app or a participant of the old account would be a 404 in the new one).
    /// </summary>
    public static string RootOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal))
        {
            return "/";
        }

        var segments = path.Split('?', '#')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["settings", var page, ..] => SettingsSections.Of("/settings/" + page)?.Path ?? "/settings",
            ["settings", ..] => "/settings",
            ["developers", ..] => "/developers",
            _ => "/",
        };
    }
}
