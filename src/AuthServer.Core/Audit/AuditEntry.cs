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
