using System.Threading.Channels;

namespace AuthServer.Core.Audit;

/// <summary>
/// Audit events of the hot paths (token issued, token refused): queued in memory and written in
/// batches by a background writer, so issuing a token costs no database write of its own.
/// </summary>
public sealed class AuditQueue
{
    /// <summary>Events waiting for the writer; past it new events are dropped (counted in <see cref="DroppedTotal"/>).</summary>
    public const int Capacity = 100_000;

    private readonly Channel<AuditEvent> _channel;
    private readonly TimeProvider _time;
    private long _dropped;

    public AuditQueue(TimeProvider time)
    {
        _time = time;
        // Under a flood the newest events are dropped rather than blocking token issuance.
        _channel = Channel.CreateBounded<AuditEvent>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public void Enqueue(AuditEntry entry) => _channel.Writer.TryWrite(entry.ToEvent(_time.GetUtcNow().UtcDateTime));

    public ChannelReader<AuditEvent> Reader => _channel.Reader;

    /// <summary>Events dropped since the start because the queue was full (the metric <c>authserver.audit.dropped</c>).</summary>
    public long DroppedTotal => Interlocked.Read(ref _dropped);
}
