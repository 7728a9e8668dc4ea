using AuthServer.Core.Participants;

namespace AuthServer.Razor.Pages;

/// <summary>What the home page says about the current account.</summary>
public sealed record HomeSummary(
    IReadOnlyList<(string Name, string PeppolId, ParticipantStatus Status)> Participants,
    int ParticipantCount,
    string? ApiKeyClientId,
    int ApiKeySecrets,
    IReadOnlyList<string> ConnectedApps,
    int DeveloperApps,
    int Members,
    int OpenInvitations);
