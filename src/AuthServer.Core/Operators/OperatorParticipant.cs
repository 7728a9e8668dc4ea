using AuthServer.Core.Participants;

namespace AuthServer.Core.Operators;

/// <summary>A participant in an account card of the console: enough to verify or reject it there.</summary>
public sealed record OperatorParticipant(Guid Id, string Name, string PeppolId, ParticipantStatus Status, string? StatusReason);
