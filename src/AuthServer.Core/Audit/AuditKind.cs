namespace AuthServer.Core.Audit;

/// <summary>A group of actions the audit log page filters by, named by the action prefixes it covers.</summary>
public sealed record AuditKind(string Key, string Title, IReadOnlyList<string> Prefixes)
{
    public static readonly IReadOnlyList<AuditKind> All =
    [
        new("tokens", "Tokens", ["token.", "refresh.", "code.", "family."]),
        new("consent", "Consent and connected apps", ["consent.", "grant."]),
        new("credentials", "Secrets and applications", ["secret.", "app.", "client."]),
        new("members", "Members and invitations", ["member.", "invitation.", "account.created"]),
        new("participants", "Participants and verification", ["participant."]),
        new("suspension", "Suspension", ["account.suspended", "account.reinstated"]),
        new("affiliate-ids", "Affiliate IDs", ["affiliate_id."]),
    ];

    public static AuditKind? Find(string? key) => All.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.Ordinal));
}
