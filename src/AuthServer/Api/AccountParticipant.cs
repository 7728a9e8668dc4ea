using AuthServer.Core.Participants;

namespace AuthServer.Api;

/// <summary>A participant as <c>GET /api/account</c> lists it (SPEC §6).</summary>
/// <param name="Status">SPEC §2: only verified participants send, receive and are found by lookups.</param>
public sealed record AccountParticipant(Guid Id, string Name, string PeppolId, ParticipantStatus Status);
