namespace AuthServer.Core.Audit;

public enum AuditOutcome
{
    Success = 0,
    Failure = 1,
}
