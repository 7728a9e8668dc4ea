using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Documents;

namespace AuthServer.Documents;

/// <summary>A document as lists and <c>POST</c> show it (SPEC §6); enums are written as lower-case words.</summary>
public sealed record DocumentResponse(
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

/// <summary><c>GET /api/documents/{id}</c>: the document with its body.</summary>
public sealed record DocumentDetailResponse(
    Guid Id,
    Guid ParticipantId,
    DocumentDirection Direction,
    DocumentType Type,
    string Number,
    string CounterpartyPeppolId,
    DocumentStatus Status,
    string CreatedByClientId,
    DateTime CreatedAt,
    string Body);

/// <summary>
/// The body of <c>POST /api/documents</c>. Members are optional to the JSON reader and checked by the
/// endpoint, so a missing one is a 400 that names it.
/// </summary>
public sealed record SendDocumentRequest(
    [property: Required, Description("The sending participant: one of the token's account (and grant).")] Guid? SenderParticipantId,
    [property: Required, Description("The receiver's Peppol ID, scheme:value, e.g. 0106:12345678.")] string? ReceiverPeppolId,
    [property: Required, Description("invoice or credit-note")] string? Type,
    [property: Required, MaxLength(SendDocumentRequest.MaxNumberLength), Description("The invoice or credit note number.")] string? Number,
    [property: Required, Description("UBL 2.1 XML (root Invoice or CreditNote, matching type) or JSON, as text.")] string? Body)
{
    public const int MaxNumberLength = 100;
}
