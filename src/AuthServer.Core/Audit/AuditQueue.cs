using System.Threading.Channels;

namespace AuthServer.Core.Audit;

/// <summary>
/// Audit events of the hot paths (token issued, token refused): queued in memory and written in
/// batches by a background writer, so issuing a token costs no database write of its own.
/// </summary>
public sealed class AuditQueue(TimeProvider time)
{
    private readonly Channel<AuditEvent> _channel = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(100_000)
    {
        // Under a flood the newest events are dropped rather than blocking token issuance.
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Enqueue(AuditEntry entry) => _channel.Writer.TryWrite(entry.ToEvent(time.GetUtcNow().UtcDateTime));

    public ChannelReader<AuditEvent> Reader => _channel.Reader;
}
