using AuthServer.Core.Participants;

namespace AuthServer.Core.Documents;

/// <summary>An invoice or credit note, seen from one participant's side (SPEC §2, §6).</summary>
public sealed class Document : AccountOwned
{
    public Guid ParticipantId { get; set; }
    public Participant? Participant { get; set; }
    public DocumentDirection Direction { get; set; }
    public DocumentType Type { get; set; }
    public required string Number { get; set; }
    public required string CounterpartyPeppolId { get; set; }
    public DocumentStatus Status { get; set; }

    /// <summary>The client that created it; <c>send_documents</c> sees only its own (SPEC §3).</summary>
    public required string CreatedByClientId { get; set; }
    public required string Body { get; set; }

    /// <summary>The Idempotency-Key header of the creating request, unique per client.</summary>
    public string? IdempotencyKey { get; set; }
}
