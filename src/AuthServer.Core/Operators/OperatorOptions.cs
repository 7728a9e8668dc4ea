namespace AuthServer.Core.Operators;

/// <summary>
/// Who runs this server (configuration section <c>Operator</c>, SPEC §2 "Operator"): the logins whose confirmed
/// email is listed. Configuration, not a page, because the first operator must exist before any page could
/// grant the right, and a right that grants itself is no control at all.
/// </summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    public List<string> Emails { get; set; } = [];
}
