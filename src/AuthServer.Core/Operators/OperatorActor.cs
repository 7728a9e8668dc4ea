namespace AuthServer.Core.Operators;

/// <summary>A server operator acting at /operator: which login, with which email (as the operator log keeps it), from where.</summary>
public sealed record OperatorActor(string UserId, string Email, string? Ip)
{
    /// <summary>As the account's audit log records it: "operator:{user id}".</summary>
    public AuditActor Audit => new(AuditActor.OperatorPrefix + UserId, Ip);
}
