namespace AuthServer.Core.Audit;

/// <summary>Writes audit events (SPEC §2) in the same unit of work as the change they describe.</summary>
public sealed class AuditLog(AuthServerDbContext db, TimeProvider time)
{
    public void Record(AuditEntry entry) => db.AuditEvents.Add(entry.ToEvent(time.GetUtcNow().UtcDateTime));

    public void Record(Guid? accountId, string actor, string action, string? target = null,
        AuditOutcome outcome = AuditOutcome.Success, string? ip = null, string? detail = null) =>
        Record(new AuditEntry(accountId, actor, action, target, outcome, ip, detail));
}
