namespace AuthServer.Core.Audit;

/// <summary>One audit event as people read it: who and what in words, the stored names beside them.</summary>
public sealed record AuditRow(
    long Id,
    DateTime At,
    string Action,
    string Description,
    string Actor,
    string Who,
    string? Target,
    string? Detail,
    AuditOutcome Outcome,
    string? Ip);
