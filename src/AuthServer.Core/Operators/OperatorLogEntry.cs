namespace AuthServer.Core.Operators;

/// <summary>
/// One operator action, server-wide (shown on /operator). The same action is also in the account's own audit
/// log; this log answers "what did the operators do", across accounts.
/// </summary>
public sealed class OperatorLogEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string OperatorUserId { get; set; }

    /// <summary>The operator's email when they acted: operators are configured by email, and the list may change.</summary>
    public required string OperatorEmail { get; set; }

    /// <summary>The audit action name, e.g. <c>participant.verified</c>, <c>account.suspended</c>.</summary>
    public required string Action { get; set; }
    public Guid AccountId { get; set; }

    /// <summary>"participant:{id}" or "account:{id}".</summary>
    public required string Target { get; set; }

    /// <summary>What was acted on, in words, and the reason given.</summary>
    public string? Detail { get; set; }
    public string? Ip { get; set; }
}
