namespace AuthServer.Core.Participants;

/// <summary>A participant whose claim was rejected, with the reason its account reads.</summary>
public sealed record RejectedClaim(Guid ParticipantId, Guid AccountId, string Name, string PeppolId, string Reason);
