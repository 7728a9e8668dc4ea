using AuthServer.Core.Data;

namespace AuthServer.Core.Audit;

/// <summary>Writes audit events (SPEC §2). Callers pass ids and hints, never a secret or a token.</summary>
public sealed class AuditLog(AuthServerDbContext db, TimeProvider time)
{
    /// <summary>Adds the event to the current unit of work; it is saved with the change it describes.</summary>
    public void Record(Guid? accountId, string actor, string action, string? target = null,
        AuditOutcome outcome = AuditOutcome.Success, string? ip = null, string? detail = null)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow().UtcDateTime,
            AccountId = accountId,
            Actor = actor,
            Action = action,
            Target = target,
            Outcome = outcome,
            Ip = ip,
            Detail = detail,
        });
    }
}
