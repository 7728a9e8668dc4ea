namespace AuthServer.Core.Audit;

/// <summary>What the audit log page shows: one kind of event (all when null), between two UTC days inclusive.</summary>
public sealed record AuditFilter(AuditKind? Kind = null, DateOnly? From = null, DateOnly? To = null);
