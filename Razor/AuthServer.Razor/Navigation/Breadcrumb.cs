namespace AuthServer.Razor.Navigation;

/// <summary>The way back from a page: its parent (Settings, unless said otherwise), then the page itself.</summary>
public sealed record Breadcrumb(string Current, string ParentTitle = "Settings", string ParentPath = "/settings");
