namespace AuthServer.Core.Audit;

/// <param name="NextCursor">Where the next (older) page starts; null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, string? NextCursor);
