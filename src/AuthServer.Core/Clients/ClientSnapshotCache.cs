using AuthServer.Core.Tokens;

namespace AuthServer.Core.Clients;

/// <summary>
/// Clients as the token endpoint sees them, kept for every request instead of OpenIddict's per-request
/// cache: without it each token request costs a SELECT of the client row. Entries are detached copies,
/// dropped when this instance changes the client, when any instance revokes a client, and after a few
/// seconds in any case so another instance's edits (redirect URIs, scopes) arrive.
/// </summary>
public sealed class ClientSnapshotCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (OAuthClient? Client, long LoadedAt)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _lastPruned;

    public ClientSnapshotCache(RevocationCache revocations, TimeProvider time)
    {
        _time = time;
        revocations.Added += rule =>
        {
            if (rule.Kind == RevocationKind.Client)
            {
                _entries.Clear();
            }
        };
    }

    public bool TryGet(string clientId, out OAuthClient? client)
    {
        if (_entries.TryGetValue(clientId, out var entry) && _time.GetElapsedTime(entry.LoadedAt) < Lifetime)
        {
            client = entry.Client;
            return true;
        }

        client = null;
        return false;
    }

    /// <summary>
    /// Unknown client_ids are cached too (a flood of one wrong id costs one query), but anyone can send
    /// endless new ones: past this many entries, expired ones are dropped, and unknown ids are no longer kept.
    /// </summary>
    public const int MaxEntries = 10_000;

    public void Set(string clientId, OAuthClient? client)
    {
        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(clientId))
        {
            PruneExpired();
            if (client is null && _entries.Count >= MaxEntries)
            {
                return;
            }
        }

        _entries[clientId] = (client, _time.GetTimestamp());
    }

    /// <summary>At most once per <see cref="Lifetime"/>: a flood must not make every miss walk the whole cache.</summary>
    private void PruneExpired()
    {
        var last = Interlocked.Read(ref _lastPruned);
        if (_time.GetElapsedTime(last) < Lifetime || Interlocked.CompareExchange(ref _lastPruned, _time.GetTimestamp(), last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (_time.GetElapsedTime(entry.LoadedAt) >= Lifetime)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    public int Count => _entries.Count;

    public void Invalidate(string clientId) => _entries.TryRemove(clientId, out _);
}
