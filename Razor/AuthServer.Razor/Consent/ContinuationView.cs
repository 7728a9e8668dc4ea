namespace AuthServer.Razor.Consent;

/// <summary>The application a login page leads back to: its name, and whose it is.</summary>
public sealed record ContinuationView(string ClientName, string OwnerName, bool IsApiKey);
