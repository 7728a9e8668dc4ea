namespace AuthServer.Core.Tokens;

/// <summary>
/// Every live revocation rule, in memory: checking a token costs a few dictionary probes, no query.
/// Fed by <see cref="TokenLedger"/> on this instance, and with rules other instances wrote by the
/// database poller and (with Redis) as they are published. Adding a rule twice changes nothing.
/// </summary>
public sealed class RevocationCache
{
    private readonly ConcurrentDictionary<(RevocationKind Kind, string Subject), DateTime> _rules = new();

    /// <summary>Raised when a rule arrives, so cached secrets and clients are dropped.</summary>
    public event Action<Revocation>? Added;

    public void Add(Revocation rule)
    {
        _rules[(rule.Kind, rule.Subject)] = rule.ExpiresAt;
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
