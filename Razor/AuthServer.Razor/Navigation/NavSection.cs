namespace AuthServer.Razor.Navigation;

/// <summary>A section of the top bar.</summary>
public sealed record NavSection(string Title, string Path);
