using AuthServer.Core.Documents;
using AuthServer.Core.Participants;
using AuthServer.Core.Validation;

namespace AuthServer.Documents;

/// <summary>A <see cref="SendDocumentRequest"/> whose every field passed its checks (SPEC §6), and the documents it becomes.</summary>
/// <param name="ReceiverKey">The receiver's Peppol ID normalized (<see cref="IdentifierKey"/>), as the unique index holds it.</param>
internal sealed record ValidDocument(Guid SenderId, string ReceiverPeppolId, string ReceiverKey, DocumentType Type, string Number, string Body)
{
    /// <returns>The document, or null with every bad field in <paramref name="errors"/>.</returns>
    public static ValidDocument? From(SendDocumentRequest request, FieldErrors errors)
    {
        if (request.SenderParticipantId is null)
        {
            errors.Add("senderParticipantId", "senderParticipantId is required.");
        }

        var receiver = errors.Text("receiverPeppolId", request.ReceiverPeppolId, ParticipantRules.MaxPeppolIdLength, required: true);
        if (receiver is not null && !ParticipantRules.IsPeppolId(receiver))
        {
            errors.Add("receiverPeppolId", "receiverPeppolId must be scheme:value with a four-digit scheme, e.g. 0208:0123456789.");
        }

        DocumentType? type = request.Type switch
        {
            "invoice" => DocumentType.Invoice,
            "credit-note" => DocumentType.CreditNote,
            _ => null,
        };
        if (type is null)
        {
            errors.Add("type", string.IsNullOrEmpty(request.Type) ? "type is required." : "type must be invoice or credit-note.");
        }

        var number = errors.Text("number", request.Number, SendDocumentRequest.MaxNumberLength, required: true);
        if (string.IsNullOrWhiteSpace(request.Body))
        {
            errors.Add("body", "body is required.");
        }
        else if (DocumentBody.Check(request.Body, type) is { } bodyError)
        {
            errors.Add("body", bodyError);
        }

        return errors.Any
            ? null
            : new ValidDocument(request.SenderParticipantId!.Value, receiver!, IdentifierKey.Normalize(receiver)!, type!.Value, number!, request.Body!);
    }

    /// <summary>Whether <paramref name="earlier"/> (found by the same Idempotency-Key) was made by this very request.</summary>
    public bool IsRepeatOf(Document earlier, Guid accountId) =>
        earlier.AccountId == accountId && earlier.ParticipantId == SenderId && earlier.Type == Type && earlier.Number == Number &&
        earlier.Body == Body && IdentifierKey.Normalize(earlier.CounterpartyPeppolId) == ReceiverKey;

    /// <summary>
    /// One copy of the document: the sender's outgoing one, or the receiver's incoming one. Both are created by
    /// the sending client: the receiver's own clients see theirs through their receive scopes.
    /// </summary>
    public Document CopyFor(Guid accountId, Guid participantId, DocumentDirection direction, string counterpartyPeppolId, string clientId, DateTime now) => new()
    {
        AccountId = accountId,
        ParticipantId = participantId,
        Direction = direction,
        Type = Type,
        Number = Number,
        CounterpartyPeppolId = counterpartyPeppolId,
        Status = direction == DocumentDirection.Outgoing ? DocumentStatus.Sent : DocumentStatus.New,
        CreatedByClientId = clientId,
        Body = Body,
        CreatedAt = now,
    };
}
