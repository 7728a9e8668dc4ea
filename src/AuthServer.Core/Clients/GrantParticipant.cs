using AuthServer.Core.Participants;

namespace AuthServer.Core.Clients;

public sealed class GrantParticipant
{
    public Guid GrantId { get; set; }
    public Guid ParticipantId { get; set; }
    public Participant? Participant { get; set; }
}
