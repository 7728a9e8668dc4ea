using AuthServer.Core.Documents;

namespace AuthServer.Documents;

/// <summary>A document as lists and <c>POST</c> show it (SPEC §6); enums are written as lower-case words.</summary>
public record DocumentResponse(
    Guid Id,
    Guid ParticipantId,
    DocumentDirection Direction,
    DocumentType Type,
    string Number,
    string CounterpartyPeppolId,
    DocumentStatus Status,
    string CreatedByClientId,
    DateTime CreatedAt)
{
    public static DocumentResponse From(Document d) =>
        new(d.Id, d.ParticipantId, d.Direction, d.Type, d.Number, d.CounterpartyPeppolId, d.Status, d.CreatedByClientId, d.CreatedAt);
}
