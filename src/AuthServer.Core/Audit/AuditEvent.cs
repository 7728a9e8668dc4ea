using System.ComponentModel.DataAnnotations;

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
    [MaxLength(200)]
    public required string Actor { get; set; }

    /// <summary>A stable dotted name such as <c>token.issued</c> or <c>refresh.reuse_detected</c>.</summary>
    [MaxLength(100)]
    public required string Action { get; set; }
    [MaxLength(200)]
    public string? Target { get; set; }
    [MaxLength(64)]
    public string? Ip { get; set; }
    public AuditOutcome Outcome { get; set; }
    [MaxLength(1000)]
    public string? Detail { get; set; }
}
