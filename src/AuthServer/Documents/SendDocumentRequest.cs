using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace AuthServer.Documents;

/// <summary>
/// The body of <c>POST /api/documents</c>. Members are optional to the JSON reader and checked by the
/// endpoint (<see cref="ValidDocument"/>), so a missing one is a 400 that names it.
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
