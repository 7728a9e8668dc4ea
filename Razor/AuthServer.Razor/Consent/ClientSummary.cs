namespace AuthServer.Razor.Consent;

/// <summary>Who is asking: a Developer Application (method 3) or the account's own API key (method 2).</summary>
public sealed record ClientSummary(string Name, string OwnerName, string? HomepageUrl, string? Description, bool IsApiKey);
