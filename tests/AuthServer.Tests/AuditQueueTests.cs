using AuthServer.Core.Audit;

namespace AuthServer.Tests;

public sealed class AuditQueueTests
{
    [Fact]
    public void Full_DropsOldestEvents_CountsThemForTheLogAndTheMetric()
    {
        var queue = new AuditQueue(TimeProvider.System);
        var entry = new AuditEntry(null, "client:test", AuditActions.TokenIssued);

        for (var i = 0; i < AuditQueue.Capacity + 3; i++)
        {
            queue.Enqueue(entry);
        }

        Assert.Equal(AuditQueue.Capacity, queue.Reader.Count);
        Assert.Equal(3, queue.TakeDroppedCount());
        Assert.Equal(0, queue.TakeDroppedCount());
        Assert.Equal(3, queue.DroppedTotal);
        Assert.Equal(AuditQueue.Capacity, queue.Backlog);
    }

    [Fact]
    public void WriterReports_HeldEventsAreBacklog_ItsDropsAddToTheTotal()
    {
        var queue = new AuditQueue(TimeProvider.System);
        queue.Enqueue(new AuditEntry(null, "client:test", AuditActions.TokenIssued));

        queue.ReportHeld(5);
        queue.ReportDroppedByWriter(2);

        Assert.Equal(6, queue.Backlog);
        Assert.Equal(2, queue.DroppedTotal);
        Assert.Equal(0, queue.TakeDroppedCount());
    }
}
