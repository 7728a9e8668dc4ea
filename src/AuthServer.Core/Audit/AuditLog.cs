using AuthServer.Core.Data;

namespace AuthServer.Core.Audit;

/// <summary>What happened, for <see cref="AuditLog"/> and <see cref="AuditQueue"/>. Ids and hints only, never a secret or a token.</summary>
public sealed record AuditEntry(
    Guid? AccountId,
    string Actor,
    string Action,
    string? Target = null,
    AuditOutcome Outcome = AuditOutcome.Success,
    string? Ip = null,
    string? Detail = null)
{
    public AuditEvent ToEvent(DateTime at) => new()
    {
        At = at,
        AccountId = AccountId,
        Actor = Actor,
        Action = Action,
        Target = Target,
        Outcome = Outcome,
        Ip = Ip,
        Detail = Detail,
    };
}

/// <summary>Writes audit events (SPEC §2) in the same unit of work as the change they describe.</summary>
public sealed class AuditLog(AuthServerDbContext db, TimeProvider time)
{
    public void Record(AuditEntry entry) => db.AuditEvents.Add(entry.ToEvent(time.GetUtcNow().UtcDateTime));

    public void Record(Guid? accountId, string actor, string action, string? target = null,
        AuditOutcome outcome = AuditOutcome.Success, string? ip = null, string? detail = null) =>
        Record(new AuditEntry(accountId, actor, action, target, outcome, ip, detail));
}
