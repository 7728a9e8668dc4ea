namespace AuthServer.Core.Audit;

/// <summary>Who made a change, for the audit log: never a secret.</summary>
/// <param name="Actor">"user:{id}", "client:{client_id}", "operator:{user id}" or "system", as <see cref="AuditEvent.Actor"/>.</param>
public sealed record AuditActor(string Actor, string? Ip)
{
    public const string UserPrefix = "user:";
    public const string ClientPrefix = "client:";

    /// <summary>A server operator (SPEC §2 "Operator"), acting from /operator: not a member of the account.</summary>
    public const string OperatorPrefix = "operator:";
    public const string System = "system";

    public static AuditActor User(string userId, string? ip) => new(UserPrefix + userId, ip);

    public static AuditActor Client(string clientId, string? ip) => new(ClientPrefix + clientId, ip);
}
