namespace AuthServer.Core.Operators;

public enum OperatorOutcome
{
    Done,

    /// <summary>No such participant or account.</summary>
    NotFound,

    /// <summary>It is already in that state: nothing was recorded.</summary>
    Unchanged,

    /// <summary>No usable reason was given (<see cref="OperatorReason"/>).</summary>
    ReasonRequired,

    /// <summary>Verifying would give a Peppol ID a second verified holder: another participant holds it.</summary>
    PeppolIdTaken,
}
