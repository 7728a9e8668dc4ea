namespace AuthServer.Core.Clients;

public enum ConsentDecisionOutcome
{
    Approved,

    /// <summary>The form is fine but incomplete: show it again with <see cref="ConsentDecision.FormErrors"/>.</summary>
    Incomplete,

    /// <summary>The form names something that was never offered: refuse it outright, grant nothing.</summary>
    Refused,
}
