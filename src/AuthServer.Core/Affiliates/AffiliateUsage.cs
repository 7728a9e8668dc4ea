namespace AuthServer.Core.Affiliates;

/// <summary>
/// Lookups per affiliate ID and UTC day, counted in memory and written in batches (SPEC §4 method 4):
/// a database write per lookup would cap throughput at the database's write rate and let any lookup
/// client load the database. Each flush adds to the stored count, so several instances add up.
/// </summary>
public sealed class AffiliateUsage(TimeProvider time)
{
    private readonly ConcurrentDictionary<(Guid Id, DateOnly Day), Counter> _pending = new();

    public void Record(Guid id)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var counter = _pending.GetOrAdd((id, DateOnly.FromDateTime(now)), static _ => new Counter());
        Interlocked.Increment(ref counter.Requests);
        Volatile.Write(ref counter.LastUsedTicks, now.Ticks);
    }

    /// <summary>Counted here and not yet written: added to the stored count for display.</summary>
    public (long Requests, DateTime? LastUsedAt) Pending(Guid id, DateOnly day) =>
        _pending.TryGetValue((id, day), out var counter) && Volatile.Read(ref counter.Requests) > 0
            ? (Volatile.Read(ref counter.Requests), new DateTime(Volatile.Read(ref counter.LastUsedTicks), DateTimeKind.Utc))
            : (0, null);

    /// <summary>Adds the pending counts to the database in one transaction; on failure they stay pending.</summary>
    /// <returns>How many IDs were written.</returns>
    public async Task<int> FlushAsync(AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var taken = new List<(Guid Id, DateOnly Day, Counter Counter, long Requests, DateTime LastUsedAt)>();
        foreach (var ((id, day), counter) in _pending.OrderBy(p => p.Key.Day))
        {
            if (day < today)
            {
                // No lookup counts towards a past day any more. (One racing the midnight flush may be lost.)
                _pending.TryRemove((id, day), out _);
            }

            var requests = Interlocked.Exchange(ref counter.Requests, 0);
            if (requests > 0)
            {
                taken.Add((id, day, counter, requests, new DateTime(Volatile.Read(ref counter.LastUsedTicks), DateTimeKind.Utc)));
            }
        }

        if (taken.Count == 0)
        {
            return 0;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (id, day, _, requests, lastUsedAt) in taken)
            {
                // One statement, so concurrent flushes of other instances add up instead of overwriting.
                // A row already counting a later day is left alone: this batch is older than its count.
                await db.AffiliateIds
                    .Where(a => a.Id == id && a.UsageDay <= day)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(a => a.RequestsOnUsageDay, a => a.UsageDay == day ? a.RequestsOnUsageDay + requests : requests)
                        .SetProperty(a => a.UsageDay, day)
                        .SetProperty(a => a.LastUsedAt, a => a.LastUsedAt == null || a.LastUsedAt < lastUsedAt ? lastUsedAt : a.LastUsedAt),
                        cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return taken.Count;
        }
        catch
        {
            foreach (var (id, day, counter, requests, _) in taken)
            {
                Interlocked.Add(ref _pending.GetOrAdd((id, day), counter).Requests, requests);
            }

            throw;
        }
    }

    private sealed class Counter
    {
        public long Requests;
        public long LastUsedTicks;
    }
}
