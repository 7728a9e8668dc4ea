using System.Collections.Concurrent;

namespace AuthServer.Core.Tokens;

/// <summary>
/// Every live revocation rule, in memory: checking a token costs a few dictionary probes, no query.
/// Fed by <see cref="TokenLedger"/> on this instance and by the poller for rules other instances wrote.
/// </summary>
public sealed class RevocationCache
{
    private readonly ConcurrentDictionary<(RevocationKind Kind, string Subject), DateTime> _rules = new();
    private long _lastSeenId;

    public long LastSeenId => Interlocked.Read(ref _lastSeenId);

    /// <summary>Raised when a secret rule arrives, so cached secrets are dropped.</summary>
    public event Action<Revocation>? Added;

    public void Add(Revocation rule)
    {
        _rules[(rule.Kind, rule.Subject)] = rule.ExpiresAt;
        long seen;
        while (rule.Id > (seen = Interlocked.Read(ref _lastSeenId)) &&
               Interlocked.CompareExchange(ref _lastSeenId, rule.Id, seen) != seen)
        {
        }

        Added?.Invoke(rule);
    }

    public bool IsRevoked(RevocationKind kind, string? subject) =>
        subject is not null && _rules.ContainsKey((kind, subject));

    /// <summary>True when any rule matches the token's family, secret, grant or client.</summary>
    public bool IsRevoked(string? familyId, string? secretId, string? grantId, string? clientId) =>
        IsRevoked(RevocationKind.Family, familyId) ||
        IsRevoked(RevocationKind.Secret, secretId) ||
        IsRevoked(RevocationKind.Grant, grantId) ||
        IsRevoked(RevocationKind.Client, clientId);

    public void RemoveExpired(DateTime now)
    {
        foreach (var (key, expiresAt) in _rules)
        {
            if (expiresAt <= now)
            {
                _rules.TryRemove(key, out _);
            }
        }
    }
}
