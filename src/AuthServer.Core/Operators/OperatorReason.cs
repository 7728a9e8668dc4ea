namespace AuthServer.Core.Operators;

/// <summary>The reason an operator gives for a rejection, suspension or reinstatement: required, because the account reads it.</summary>
public static class OperatorReason
{
    public const int MaxLength = 500;

    /// <returns>The trimmed reason, or null when it is missing, blank or too long.</returns>
    public static string? Clean(string? reason) =>
        reason?.Trim() is { Length: > 0 and <= MaxLength } trimmed ? trimmed : null;

    public const string Problem = "Give a reason (up to 500 characters): the account's Admins read it.";
}
