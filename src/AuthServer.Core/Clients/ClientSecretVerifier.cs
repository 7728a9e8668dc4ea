using AuthServer.Core.Tokens;

namespace AuthServer.Core.Clients;

/// <summary>
/// Checks a presented client secret against the client's live secrets, held in memory per client_id.
/// A deleted secret fails at once here (the deleting request drops the entry) and within a poll
/// interval on other instances (its revocation rule drops every entry). A secret added on another
/// instance is found by reloading once a miss is more than a second old.
/// </summary>
public sealed class ClientSecretVerifier
{
    private static readonly TimeSpan ReloadAfter = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IServiceScopeFactory _scopes;
    private readonly ClientSecretHasher _hasher;
    private readonly TimeProvider _time;

    public ClientSecretVerifier(IServiceScopeFactory scopes, ClientSecretHasher hasher, RevocationCache revocations, TimeProvider time)
    {
        _scopes = scopes;
        _hasher = hasher;
        _time = time;
        revocations.Added += rule =>
        {
            if (rule.Kind is RevocationKind.Secret or RevocationKind.Client)
            {
                _entries.Clear();
            }
        };
    }

    private sealed record StoredSecret(Guid Id, byte[] Hash, string HashKeyId);

    private sealed record Entry(StoredSecret[] Secrets, DateTime LoadedAt);

    /// <returns>The matching secret's id, or null.</returns>
    public async ValueTask<Guid?> VerifyAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        var entry = _entries.TryGetValue(clientId, out var cached) ? cached : await LoadAsync(clientId, cancellationToken);
        var match = Match(entry, secret);
        if (match is null && _time.GetUtcNow().UtcDateTime - entry.LoadedAt > ReloadAfter)
        {
            match = Match(await LoadAsync(clientId, cancellationToken), secret);
        }

        return match;
    }

    public void Invalidate(string clientId) => _entries.TryRemove(clientId, out _);

    // Every stored secret is compared, match or not, so timing does not tell which one matched.
    private Guid? Match(Entry entry, string secret)
    {
        Guid? match = null;
        foreach (var stored in entry.Secrets)
        {
            if (_hasher.Verify(secret, stored.Hash, stored.HashKeyId))
            {
                match = stored.Id;
            }
        }

        return match;
    }

    private async Task<Entry> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var secrets = await db.ClientSecrets.AsNoTracking()
            .Where(s => s.Client!.ClientId == clientId)
            .Select(s => new StoredSecret(s.Id, s.Hash, s.HashKeyId))
            .ToArrayAsync(cancellationToken);
        var entry = new Entry(secrets, _time.GetUtcNow().UtcDateTime);
        _entries[clientId] = entry;
        return entry;
    }
}
