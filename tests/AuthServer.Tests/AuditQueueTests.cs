using AuthServer.Core.Audit;

namespace AuthServer.Tests;

public sealed class AuditQueueTests
{
    [Fact]
    public void Full_DropsNewEvents_AndCountsThem()
    {
        var queue = new AuditQueue(TimeProvider.System);
        var entry = new AuditEntry(null, "client:test", AuditActions.TokenIssued);

        for (var i = 0; i < AuditQueue.Capacity + 3; i++)
        {
            queue.Enqueue(entry);
        }

        Assert.Equal(AuditQueue.Capacity, queue.Reader.Count);
        Assert.Equal(3, queue.DroppedTotal);
    }
}
