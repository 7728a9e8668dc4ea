namespace AuthServer.Core.Participants;

public sealed record ParticipantRemoval(ParticipantRemovalOutcome Outcome, string? Name = null, int Documents = 0);
