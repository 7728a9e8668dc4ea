namespace AuthServer.Razor.Settings;

/// <summary>A client secret as pages list it: never the secret itself, only its first characters.</summary>
public sealed record SecretView(Guid Id, string Hint, DateTime CreatedAt);
