namespace AuthServer.Core.Audit;

/// <summary>
/// One OAuth or admin event (SPEC §2). Never holds a secret or a token: targets are ids and hints.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public Guid? AccountId { get; set; }

    /// <summary>"user:{id}", "client:{client_id}", "operator:{user id}" or "system".</summary>
    public required string Actor { get; set; }

    /// <summary>A stable dotted name such as <c>token.issued</c> or <c>refresh.reuse_detected</c>.</summary>
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Ip { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }

    /// <summary>A new row (no Id yet) with this event's values and another detail.</summary>
    public AuditEvent WithDetail(string? detail)
    {
        var copy = (AuditEvent)MemberwiseClone();
        copy.Id = 0;
        copy.Detail = detail;
        return copy;
    }
}
