namespace AuthServer.Core.Clients;

/// <summary>The account's existing grant for the app: "connected since".</summary>
public sealed record CurrentGrant(Guid Id, DateTime Since, DateTime LastChanged);
