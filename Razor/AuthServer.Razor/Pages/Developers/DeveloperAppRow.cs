namespace AuthServer.Razor.Pages.Developers;

/// <summary>One Developer Application as <c>/developers</c> lists it.</summary>
public sealed record DeveloperAppRow(string ClientId, string Name, bool IsPublic, int RedirectUris, int Grants, DateTime CreatedAt);
