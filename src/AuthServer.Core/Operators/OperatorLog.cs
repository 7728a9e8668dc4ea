namespace AuthServer.Core.Operators;

/// <summary>
/// Records every operator action twice, in the same unit of work as the change: in the account's audit log
/// (actor "operator:{user id}") and in the server-wide operator log. Reads the operator log newest first.
/// </summary>
public sealed class OperatorLog(AuthServerDbContext db, AuditLog audit, TimeProvider time)
{
    public const int PageSize = 50;

    public void Record(OperatorActor actor, Guid accountId, string action, string target, string detail, AuditOutcome outcome = AuditOutcome.Success)
    {
        audit.Record(accountId, actor.Audit.Actor, action, target, outcome, actor.Ip, detail);
        db.OperatorLog.Add(new OperatorLogEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            OperatorUserId = actor.UserId,
            OperatorEmail = actor.Email,
            Action = action,
            AccountId = accountId,
            Target = target,
            Detail = detail,
            Ip = actor.Ip,
        });
    }

    /// <summary>Newest first, <see cref="PageSize"/> a page; <paramref name="before"/> is the last id of the previous page.</summary>
    public async Task<(IReadOnlyList<OperatorLogRow> Rows, long? Next)> PageAsync(long? before, CancellationToken cancellationToken)
    {
        var query = db.OperatorLog.AsNoTracking();
        if (before is { } id)
        {
            query = query.Where(e => e.Id < id);
        }

        // The id grows with time on every provider: one index, no tie to break.
        var rows = await query.OrderByDescending(e => e.Id).Take(PageSize + 1)
            .Select(e => new
            {
                e.Id, e.At, e.OperatorEmail, e.Action, e.AccountId,
                AccountName = db.Accounts.Where(a => a.Id == e.AccountId).Select(a => a.Name).FirstOrDefault(),
                e.Target, e.Detail,
            })
            .ToListAsync(cancellationToken);
        var page = rows.Take(PageSize).Select(e => new OperatorLogRow(e.Id, e.At, e.OperatorEmail, e.Action, AuditActions.Describe(e.Action), e.AccountId,
            e.AccountName ?? e.AccountId.ToString(), e.Target, e.Detail)).ToList();
        return (page, rows.Count > PageSize ? page[^1].Id : null);
    }

    /// <summary>Deletes entries older than <paramref name="cutoff"/>, with the audit log's retention.</summary>
    public Task<int> PurgeOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        db.OperatorLog.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);

    /// <returns>The page cursor of a query string; null (the newest page) when it does not parse.</returns>
    public static long? Cursor(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
