namespace AuthServer.Core.Operators;

/// <summary>
/// Suspending and reinstating an account (SPEC §2 "Operator"). A suspension refuses everything the account's
/// credentials open, at once: its access tokens (401 <c>AccountSuspended</c>), its clients at the token endpoint
/// (<c>invalid_client</c>), its participants in lookups and deliveries, its affiliate IDs. Nothing is revoked or
/// deleted, so reinstating restores all of it (except what was revoked meanwhile for its own reasons).
/// </summary>
public sealed class AccountSuspensions(AuthServerDbContext db, OperatorLog log, SuspendedAccounts suspended, TimeProvider time)
{
    public Task<SuspensionResult> SuspendAsync(Guid accountId, string? reason, OperatorActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, reason, actor, suspend: true, cancellationToken);

    public Task<SuspensionResult> ReinstateAsync(Guid accountId, string? reason, OperatorActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, reason, actor, suspend: false, cancellationToken);

    private async Task<SuspensionResult> ChangeAsync(Guid accountId, string? reason, OperatorActor actor, bool suspend, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null)
        {
            return new SuspensionResult(OperatorOutcome.NotFound, accountId);
        }

        if (OperatorReason.Clean(reason) is not { } why)
        {
            return new SuspensionResult(OperatorOutcome.ReasonRequired, accountId, account.Name);
        }

        if ((account.SuspendedAt is not null) == suspend)
        {
            return new SuspensionResult(OperatorOutcome.Unchanged, accountId, account.Name);
        }

        account.SuspendedAt = suspend ? time.GetUtcNow().UtcDateTime : null;
        account.SuspensionReason = suspend ? why : null;
        account.SuspendedBy = suspend ? actor.Audit.Actor : null;
        log.Record(actor, accountId, suspend ? AuditActions.AccountSuspended : AuditActions.AccountReinstated, "account:" + accountId,
            $"{account.Name}: {why}");
        await db.SaveChangesAsync(cancellationToken);

        // Here at once; other instances when it is published (Redis), or at their next poll.
        await suspended.ApplyChangeAsync(db, accountId, suspend, cancellationToken);
        return new SuspensionResult(OperatorOutcome.Done, accountId, account.Name, why);
    }
}
