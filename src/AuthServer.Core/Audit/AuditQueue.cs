using System.Threading.Channels;

namespace AuthServer.Core.Audit;

/// <summary>
/// Audit events of the hot paths (token issued, token refused): queued in memory and written in
/// batches by a background writer, so issuing a token costs no database write of its own.
/// </summary>
public sealed class AuditQueue
{
    /// <summary>Events waiting for the writer; past it the oldest make room (counted, see <see cref="TakeDroppedCount"/>), so issuing never blocks.</summary>
    public const int Capacity = 100_000;

    private readonly Channel<AuditEvent> _channel;
    private readonly TimeProvider _time;
    private long _dropped;

    public AuditQueue(TimeProvider time)
    {
        _time = time;
        _channel = Channel.CreateBounded<AuditEvent>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public void Enqueue(AuditEntry entry) => _channel.Writer.TryWrite(entry.ToEvent(_time.GetUtcNow().UtcDateTime));

    public ChannelReader<AuditEvent> Reader => _channel.Reader;

    /// <summary>How many events were dropped since the last call (the writer logs the count).</summary>
    public long TakeDroppedCount() => Interlocked.Exchange(ref _dropped, 0);
}
