using AuthServer.Core.Audit;
using AuthServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Core.Tokens;

public enum RedemptionResult
{
    /// <summary>First use: go on and issue.</summary>
    Redeemed,

    /// <summary>Used again within the leeway: a network retry, answered like the first.</summary>
    RetriedWithinLeeway,

    /// <summary>Used again after the leeway, or an authorization code used twice: the family is revoked.</summary>
    ReuseDetected,
}

/// <summary>
/// Single use of refresh tokens and authorization codes (RFC 9700 §4.14, RFC 6749 §4.1.2) and the
/// revocation rules of SPEC §4. Tokens are self-contained, so issuing writes nothing; a row is written
/// when a token is first redeemed, and one when something is revoked.
/// </summary>
public sealed class TokenLedger(IServiceScopeFactory scopes, RevocationCache cache, TimeProvider time)
{
    /// <summary>
    /// SQLite takes one writer at a time and makes the others sleep and retry (up to 150 ms each, which
    /// made renew's p99 0.6 s); queuing this process's ledger writes here instead keeps them back to back.
    /// Database servers (PostgreSQL, SQL Server) take concurrent writers: there the primary key of the
    /// redemption row alone decides which of two concurrent redemptions came first.
    /// </summary>
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    /// <summary>SPEC §4: a rotated refresh token presented again within 5 s is a retry, not an attack.</summary>
    public static readonly TimeSpan ReuseLeeway = TimeSpan.FromSeconds(5);

    /// <summary>How long a revocation rule must outlive the tokens it may match (the refresh token lifetime).</summary>
    public static readonly TimeSpan RuleLifetime = TimeSpan.FromDays(31);

    public async Task<RedemptionResult> RedeemAsync(string tokenId, string familyId, DateTime expiresAt, bool allowLeeway, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var serialize = db.Database.ProviderName == SqliteProvider;
        if (serialize)
        {
            await _sqliteWriter.WaitAsync(cancellationToken);
        }

        try
        {
            return await RedeemOnceAsync(db, tokenId, familyId, expiresAt, allowLeeway, cancellationToken);
        }
        finally
        {
            if (serialize)
            {
                _sqliteWriter.Release();
            }
        }
    }

    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private async Task<RedemptionResult> RedeemOnceAsync(AuthServerDbContext db, string tokenId, string familyId, DateTime expiresAt, bool allowLeeway, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var first = await FirstRedemptionAsync(db, tokenId, cancellationToken);
        if (first is null)
        {
            db.TokenRedemptions.Add(new TokenRedemption { TokenId = tokenId, FamilyId = familyId, RedeemedAt = now, ExpiresAt = expiresAt });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return RedemptionResult.Redeemed;
            }
            catch (DbUpdateException)
            {
                // Redeemed concurrently by another request: the primary key decided who was first.
                db.ChangeTracker.Clear();
                first = await FirstRedemptionAsync(db, tokenId, cancellationToken) ?? throw new InvalidOperationException("Redemption insert failed.");
            }
        }

        return allowLeeway && now - first.Value <= ReuseLeeway ? RedemptionResult.RetriedWithinLeeway : RedemptionResult.ReuseDetected;
    }

    private static Task<DateTime?> FirstRedemptionAsync(AuthServerDbContext db, string tokenId, CancellationToken cancellationToken) =>
        db.TokenRedemptions.AsNoTracking().Where(r => r.TokenId == tokenId)
            .Select(r => (DateTime?)r.RedeemedAt).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Raised after this instance wrote a rule, so it can be published to the other instances.</summary>
    public event Action<Revocation>? Revoked;

    /// <summary>
    /// Writes the rule and applies it here at once; other instances see it when it is published (Redis)
    /// or at their next poll of the database.
    /// </summary>
    public async Task RevokeAsync(RevocationKind kind, string subject, AuditEntry audit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var rule = new Revocation { Kind = kind, Subject = subject, RevokedAt = now, ExpiresAt = now + RuleLifetime };
        db.Revocations.Add(rule);
        scope.ServiceProvider.GetRequiredService<AuditLog>().Record(audit);
        await db.SaveChangesAsync(cancellationToken);
        cache.Add(rule);
        Revoked?.Invoke(rule);
    }

    public bool IsRevoked(string? familyId, string? secretId, string? grantId, string? clientId) =>
        cache.IsRevoked(familyId, secretId, grantId, clientId);
}
