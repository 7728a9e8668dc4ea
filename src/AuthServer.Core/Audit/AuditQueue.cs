using System.Threading.Channels;

namespace AuthServer.Core.Audit;

/// <summary>
/// Audit events of the hot paths (token issued, token refused): queued in memory and written in
/// batches by a background writer, so issuing a token costs no database write of its own.
/// </summary>
public sealed class AuditQueue
{
    /// <summary>Events waiting for the writer; past it the oldest make room (counted, see <see cref="TakeDroppedCount"/> and <see cref="DroppedTotal"/>), so issuing never blocks.</summary>
    public const int Capacity = 100_000;

    private readonly Channel<AuditEvent> _channel;
    private readonly TimeProvider _time;
    private long _dropped;
    private long _droppedTotal;
    private int _held;

    public AuditQueue(TimeProvider time)
    {
        _time = time;
        _channel = Channel.CreateBounded<AuditEvent>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                Interlocked.Increment(ref _droppedTotal);
            });
    }

    public void Enqueue(AuditEntry entry) => _channel.Writer.TryWrite(entry.ToEvent(_time.GetUtcNow().UtcDateTime));

    public ChannelReader<AuditEvent> Reader => _channel.Reader;

    /// <summary>How many events were dropped since the last call (the writer logs the count).</summary>
    public long TakeDroppedCount() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>
    /// Events dropped since the start, here and by the writer past its own cap (the metric
    /// <c>authserver.audit.dropped</c>); not reset by <see cref="TakeDroppedCount"/>.
    /// </summary>
    public long DroppedTotal => Interlocked.Read(ref _droppedTotal);

    /// <summary>Events not yet written: queued here, or taken by the writer and held for the database (<c>authserver.audit.queue.length</c>).</summary>
    public long Backlog => _channel.Reader.Count + Volatile.Read(ref _held);

    /// <summary>The writer says how many events it holds (taken from the queue, not yet written).</summary>
    public void ReportHeld(int count) => Volatile.Write(ref _held, count);

    /// <summary>The writer dropped the oldest of the events it held (it logs them itself).</summary>
    public void ReportDroppedByWriter(long count) => Interlocked.Add(ref _droppedTotal, count);
}
