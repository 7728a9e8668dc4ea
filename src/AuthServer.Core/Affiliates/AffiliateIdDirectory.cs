namespace AuthServer.Core.Affiliates;

/// <summary>
/// Affiliate IDs known to exist, cached in memory so that a lookup costs no database read for its ID.
/// An entry is trusted for at most <see cref="MaxAge"/> from the moment its database read began, so a
/// change made by any instance (revocation, limit, origins) takes effect everywhere within that time;
/// this instance's own changes take effect at once through <see cref="Invalidate"/>.
/// IDs that do not exist are not cached: random IDs would grow the cache without bound, and the
/// per-network failure limit already keeps them from reaching the database often.
/// </summary>
public sealed class AffiliateIdDirectory(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>SPEC §4 method 4: a revoked ID stops working within 5 s on every instance.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public async ValueTask<AffiliateIdSnapshot?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(id, out var entry) && now < entry.FreshUntil)
        {
            return entry.Snapshot;
        }

        var snapshot = await LoadAsync(id, cancellationToken);
        if (snapshot is null)
        {
            _entries.TryRemove(id, out _);
            return null;
        }

        _entries[id] = new Entry(snapshot, now + MaxAge);
        return snapshot;
    }

    /// <summary>Forgets an ID after this instance changed it, so the change applies to the next lookup.</summary>
    public void Invalidate(Guid id) => _entries.TryRemove(id, out _);

    private async Task<AffiliateIdSnapshot?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var row = await db.AffiliateIds.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new { a.AccountId, a.RevokedAt, a.PermitPerMinute, a.AllowedOrigins })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new AffiliateIdSnapshot(id, row.AccountId, row.RevokedAt is not null, row.PermitPerMinute, AllowedOrigins.Split(row.AllowedOrigins));
    }

    private sealed record Entry(AffiliateIdSnapshot Snapshot, DateTimeOffset FreshUntil);
}
