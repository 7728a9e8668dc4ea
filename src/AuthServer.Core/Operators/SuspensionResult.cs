namespace AuthServer.Core.Operators;

/// <summary>What became of a suspension or reinstatement.</summary>
public sealed record SuspensionResult(OperatorOutcome Outcome, Guid AccountId, string? AccountName = null, string? Reason = null);
