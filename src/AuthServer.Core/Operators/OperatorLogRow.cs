namespace AuthServer.Core.Operators;

/// <summary>One operator log entry as /operator shows it.</summary>
public sealed record OperatorLogRow(long Id, DateTime At, string OperatorEmail, string Action, string Description, Guid AccountId, string AccountName,
    string Target, string? Detail);
