namespace AuthServer.Core.Clients;

/// <summary>What is ticked on the consent screen: shown by default, or posted back.</summary>
public sealed record ConsentChoice(IReadOnlySet<string> Scopes, IReadOnlySet<Guid> ParticipantIds);
