using AuthServer.Core.Audit;
using AuthServer.OAuth;

namespace AuthServer.Tests;

public sealed class AuditFoldTests
{
    private static AuditEvent Event(string action, string actor, AuditOutcome outcome = AuditOutcome.Success, int second = 0) => new()
    {
        At = new DateTime(2026, 11, 23, 12, 0, second, DateTimeKind.Utc),
        Actor = actor,
        Action = action,
        Target = "client_credentials",
        Outcome = outcome,
        Detail = "scope: send_documents",
    };

    [Fact]
    public void Fold_IdenticalIssuances_OneRowWithCount()
    {
        var folded = AuditWriter.Fold([Event("token.issued", "client:a", second: 1), Event("token.issued", "client:a", second: 2), Event("token.issued", "client:b")]).ToList();

        Assert.Equal(2, folded.Count);
        Assert.Contains("count: 2", folded.Single(e => e.Actor == "client:a").Detail, StringComparison.Ordinal);
        Assert.Equal("scope: send_documents", folded.Single(e => e.Actor == "client:b").Detail);
    }

    [Fact]
    public void Fold_RefusalsAndOtherEvents_KeptOneByOne()
    {
        var folded = AuditWriter.Fold([
            Event("token.refused", "client:a", AuditOutcome.Failure), Event("token.refused", "client:a", AuditOutcome.Failure),
            Event("secret.deleted", "user:x"), Event("secret.deleted", "user:x")]).ToList();

        Assert.Equal(4, folded.Count);
    }
}
