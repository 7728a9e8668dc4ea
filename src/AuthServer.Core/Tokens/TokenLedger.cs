using AuthServer.Core.Audit;
using AuthServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
public sealed class TokenLedger(IServiceScopeFactory scopes, RevocationCache cache, IOptions<TokenOptions> options, TimeProvider time)
{
    /// <summary>
    /// SQLite takes one writer at a time and makes the others sleep and retry (up to 150 ms each, which
    /// made renew's p99 0.6 s); queuing this process's ledger writes here instead keeps them back to back.
    /// Database servers (PostgreSQL, SQL Server) take concurrent writers: there the primary key of the
    /// redemption row alone decides which of two concurrent redemptions came first.
    /// </summary>
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    /// <summary>SPEC §4: a rotated refresh token presented again within this time is a retry, not an attack.</summary>
    private readonly TimeSpan _reuseLeeway = options.Value.RefreshReuseLeeway;

    /// <summary>How long a revocation rule must outlive the tokens it may match (the refresh token lifetime).</summary>
    public static readonly TimeSpan RuleLifetime = TimeSpan.FromDays(31);

    public async Task<RedemptionResult> RedeemAsync(string tokenId, string familyId, DateTime expiresAt, bool allowLeeway, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var serialize = db.Database.ProviderName == SqliteProvider;
        // Bounded like a command: with the file locked, the queue behind it must not grow for ever.
        if (serialize && !await _sqliteWriter.WaitAsync(TimeSpan.FromSeconds(db.Database.GetCommandTimeout() ?? 30), cancellationToken))
        {
            throw new DatabaseUnavailableException("The database did not accept a write in time.");
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
                // Redeemed concurrently by another request: the primary key decided who was first. No row
                // means the insert failed for another reason (a locked or unreachable database): that error stands.
                db.ChangeTracker.Clear();
                first = await FirstRedemptionAsync(db, tokenId, cancellationToken);
                if (first is null)
                {
                    throw;
                }
            }
        }

        return allowLeeway && _reuseLeeway > TimeSpan.Zero && now - first.Value <= _reuseLeeway
            ? RedemptionResult.RetriedWithinLeeway
            : RedemptionResult.ReuseDetected;
    }

    private static Task<DateTime?> FirstRedemptionAsync(AuthServerDbContext db, string tokenId, CancellationToken cancellationToken) =>
        db.TokenRedemptions.AsNoTracking().Where(r => r.TokenId == tokenId)
            .Select(r => (DateTime?)r.RedeemedAt).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Raised after this instance wrote a rule, so it can be published to the other instances.</summary>
    public event Action<Revocation>? Revoked;

    /// <summary>
    /// Writes the rule with its audit event and applies it here at once; other instances see it when it is
    /// published (Redis) or at their next poll of the database. A subject is revoked once: when the rule
    /// exists already (concurrent reuse of one refresh token, on this instance or another), nothing is
    /// written and no second event recorded.
    /// </summary>
    /// <returns>False when the subject was already revoked.</returns>
    public async Task<bool> RevokeAsync(RevocationKind kind, string subject, AuditEntry audit, CancellationToken cancellationToken)
    {
        if (cache.IsRevoked(kind, subject))
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var rule = new Revocation { Kind = kind, Subject = subject, RevokedAt = now, ExpiresAt = now + RuleLifetime };
        db.Revocations.Add(rule);
        scope.ServiceProvider.GetRequiredService<AuditLog>().Record(audit);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on (Kind, Subject) decided: another request wrote the rule first.
            if (!await db.Revocations.AsNoTracking().AnyAsync(r => r.Kind == kind && r.Subject == subject, cancellationToken))
            {
                throw;
            }

            return false;
        }

        cache.Add(rule);
        Revoked?.Invoke(rule);
        return true;
    }

    public bool IsRevoked(string? familyId, string? secretId, string? grantId, string? clientId) =>
        cache.IsRevoked(familyId, secretId, grantId, clientId);
}
