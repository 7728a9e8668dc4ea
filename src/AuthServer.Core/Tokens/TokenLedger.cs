namespace AuthServer.Core.Tokens;

/// <summary>
/// Single use of refresh tokens and authorization codes (RFC 9700 §4.14, RFC 6749 §4.1.2) and the
/// revocation rules of SPEC §4. Tokens are self-contained, so issuing writes nothing; a row is written
/// when a token is first redeemed, and one when something is revoked.
/// </summary>
public sealed class TokenLedger(
    IServiceScopeFactory scopes, RevocationCache cache, IOptions<TokenOptions> options, TimeProvider time, SqliteRedemptionWriter sqliteWriter)
{
    /// <summary>SPEC §4: a rotated refresh token presented again within this time is a retry, not an attack.</summary>
    private readonly TimeSpan _reuseLeeway = options.Value.RefreshReuseLeeway;

    /// <summary>How long a revocation rule must outlive the tokens it may match (the refresh token lifetime).</summary>
    public static readonly TimeSpan RuleLifetime = TimeSpan.FromDays(31);

    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private Database? _database;

    /// <summary>What the ledger needs to know of the database, read once.</summary>
    private sealed record Database(bool IsSqlite, TimeSpan CommandTimeout);

    public async Task<RedemptionResult> RedeemAsync(string tokenId, string familyId, DateTime expiresAt, bool allowLeeway, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var redemption = new TokenRedemption { TokenId = tokenId, FamilyId = familyId, RedeemedAt = now, ExpiresAt = expiresAt };
        var database = _database ??= await ReadDatabaseAsync();
        // SQLite has one writer at a time: rows are group-committed, and a row waits in the queue no longer
        // than a command may take (with the file locked, the queue must not grow for ever). Database servers
        // take concurrent inserts, and their primary key decides between two uses of one token.
        var first = database.IsSqlite
            ? await sqliteWriter.RedeemAsync(redemption, database.CommandTimeout)
            : await InsertAsync(redemption, cancellationToken);
        return first is null ? RedemptionResult.Redeemed
            : allowLeeway && _reuseLeeway > TimeSpan.Zero && now - first.Value <= _reuseLeeway ? RedemptionResult.RetriedWithinLeeway
            : RedemptionResult.ReuseDetected;
    }

    private async Task<Database> ReadDatabaseAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>().Database;
        return new Database(db.ProviderName == SqliteProvider, TimeSpan.FromSeconds(db.GetCommandTimeout() ?? 30));
    }

    /// <returns>Null when this call recorded the first redemption; otherwise when the token was first redeemed.</returns>
    private async Task<DateTime?> InsertAsync(TokenRedemption redemption, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        if (await FirstRedemptionAsync(db, redemption.TokenId, cancellationToken) is { } first)
        {
            return first;
        }

        db.TokenRedemptions.Add(redemption);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            // Redeemed concurrently by another request: the primary key decided who was first. No row
            // means the insert failed for another reason (an unreachable database): that error stands.
            db.ChangeTracker.Clear();
            if (await FirstRedemptionAsync(db, redemption.TokenId, cancellationToken) is not { } concurrent)
            {
                throw;
            }

            return concurrent;
        }
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
