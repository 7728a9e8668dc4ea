namespace AuthServer.Core.Affiliates;

/// <summary>
/// Creates, changes and revokes an account's affiliate IDs (SPEC §4 method 4). Every call is scoped to
/// one account: an ID of another account is "not found", never touched.
/// </summary>
public sealed class AffiliateIdService(
    AuthServerDbContext db,
    AuditLog audit,
    AffiliateIdDirectory directory,
    AffiliateUsage usage,
    TimeProvider time)
{
    public const string CreatedAction = "affiliate_id.created";
    public const string UpdatedAction = "affiliate_id.updated";
    public const string RevokedAction = "affiliate_id.revoked";

    /// <returns>Active IDs first, newest first; then revoked ones.</returns>
    public async Task<IReadOnlyList<AffiliateIdSummary>> ListAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var rows = await db.AffiliateIds.AsNoTracking()
            .Where(a => a.AccountId == accountId)
            .ToListAsync(cancellationToken);
        return [.. rows
            .OrderBy(a => a.RevokedAt is not null).ThenByDescending(a => a.CreatedAt)
            .Select(a =>
            {
                var (pending, pendingLastUsed) = usage.Pending(a.Id, today);
                var stored = a.UsageDay == today ? a.RequestsOnUsageDay : 0;
                return new AffiliateIdSummary(a.Id, a.Label, a.CreatedAt, a.RevokedAt, a.PermitPerMinute,
                    AllowedOrigins.Split(a.AllowedOrigins), stored + pending, new[] { a.LastUsedAt, pendingLastUsed }.Max());
            })];
    }

    public async Task<AffiliateId> CreateAsync(Guid accountId, AffiliateIdSettings settings, AuditActor actor, CancellationToken cancellationToken)
    {
        var affiliate = new AffiliateId
        {
            AccountId = accountId,
            Label = settings.Label,
            PermitPerMinute = settings.PermitPerMinute,
            AllowedOrigins = AllowedOrigins.Join(settings.AllowedOrigins),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.AffiliateIds.Add(affiliate);
        audit.Record(accountId, actor.Actor, CreatedAction, affiliate.Id.ToString(), ip: actor.Ip, detail: settings.Label);
        await db.SaveChangesAsync(cancellationToken);
        return affiliate;
    }

    /// <returns>False when the account has no such active ID (another account's, unknown, or revoked).</returns>
    public async Task<bool> UpdateAsync(Guid accountId, Guid id, AffiliateIdSettings settings, AuditActor actor, CancellationToken cancellationToken)
    {
        var affiliate = await FindAsync(accountId, id, cancellationToken);
        if (affiliate is null || affiliate.RevokedAt is not null)
        {
            return false;
        }

        affiliate.Label = settings.Label;
        affiliate.PermitPerMinute = settings.PermitPerMinute;
        affiliate.AllowedOrigins = AllowedOrigins.Join(settings.AllowedOrigins);
        audit.Record(accountId, actor.Actor, UpdatedAction, id.ToString(), ip: actor.Ip, detail: string.Create(CultureInfo.InvariantCulture,
            $"{settings.Label}; limit {(settings.PermitPerMinute is { } limit ? limit.ToString(CultureInfo.InvariantCulture) : "default")}; {settings.AllowedOrigins.Count} origin(s)"));
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(id);
        return true;
    }

    /// <returns>False when the account has no such ID. Revoking a revoked ID changes nothing.</returns>
    public async Task<bool> RevokeAsync(Guid accountId, Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        var affiliate = await FindAsync(accountId, id, cancellationToken);
        if (affiliate is null)
        {
            return false;
        }

        if (affiliate.RevokedAt is null)
        {
            affiliate.RevokedAt = time.GetUtcNow().UtcDateTime;
            audit.Record(accountId, actor.Actor, RevokedAction, id.ToString(), ip: actor.Ip, detail: affiliate.Label);
            await db.SaveChangesAsync(cancellationToken);
        }

        directory.Invalidate(id);
        return true;
    }

    private Task<AffiliateId?> FindAsync(Guid accountId, Guid id, CancellationToken cancellationToken) =>
        db.AffiliateIds.SingleOrDefaultAsync(a => a.Id == id && a.AccountId == accountId, cancellationToken);
}
