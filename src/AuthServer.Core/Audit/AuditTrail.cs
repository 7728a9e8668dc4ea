using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace AuthServer.Core.Audit;

/// <summary>
/// Reads an account's audit events newest first (SPEC §2, §7 "audit log"): filtered by kind and UTC
/// days, paged by keyset (time, then id) so events written while someone pages are neither skipped nor
/// repeated, with actors named in words. Also purges what is past retention.
/// </summary>
public sealed class AuditTrail(AuthServerDbContext db)
{
    public const int PageSize = 50;
    private const int ExportBatch = 500;

    public async Task<AuditPage> PageAsync(Guid accountId, AuditFilter filter, string? cursor, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(accountId, filter, ParseCursor(cursor), PageSize + 1, cancellationToken);
        var more = rows.Count > PageSize;
        if (more)
        {
            rows.RemoveAt(PageSize);
        }

        return new AuditPage(rows, more ? CursorOf(rows[^1]) : null);
    }

    /// <summary>Every event the filter selects, newest first, read in batches (the CSV download).</summary>
    public async IAsyncEnumerable<AuditRow> AllAsync(Guid accountId, AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (DateTime At, long Id)? after = null;
        while (true)
        {
            var rows = await ReadAsync(accountId, filter, after, ExportBatch, cancellationToken);
            foreach (var row in rows)
            {
                yield return row;
            }

            if (rows.Count < ExportBatch)
            {
                yield break;
            }

            after = (rows[^1].At, rows[^1].Id);
        }
    }

    /// <summary>Deletes every event (of every account) older than <paramref name="cutoff"/>.</summary>
    public Task<int> PurgeOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        db.AuditEvents.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);

    private async Task<List<AuditRow>> ReadAsync(Guid accountId, AuditFilter filter, (DateTime At, long Id)? after, int take, CancellationToken cancellationToken)
    {
        var query = db.AuditEvents.AsNoTracking().Where(e => e.AccountId == accountId);
        if (filter.Kind is { } kind)
        {
            query = query.Where(ActionStartsWithAny(kind.Prefixes));
        }

        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.At < end);
        }

        if (after is { } cursor)
        {
            query = query.Where(e => e.At < cursor.At || (e.At == cursor.At && e.Id < cursor.Id));
        }

        var events = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
        var names = await NamesAsync(events.SelectMany(e => new[] { e.Actor, e.Target }), cancellationToken);
        return [.. events.Select(e => new AuditRow(e.Id, e.At, e.Action, AuditActions.Describe(e.Action), e.Actor, NameOf(e.Actor, names) ?? e.Actor,
            NameOf(e.Target, names) ?? e.Target, e.Detail, e.Outcome, e.Ip))];
    }

    /// <summary>
    /// "user:{id}", "operator:{user id}" and "client:{client_id}" references in words: the user's email (an
    /// operator's marked as such), the client's name. References it cannot name are left out.
    /// </summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> references, CancellationToken cancellationToken)
    {
        var distinct = references.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        static IEnumerable<string> Ids(IEnumerable<string> all, string prefix) =>
            all.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r[prefix.Length..]);
        var userIds = Ids(distinct, AuditActor.UserPrefix).Concat(Ids(distinct, AuditActor.OperatorPrefix)).Distinct(StringComparer.Ordinal).ToList();
        var clientIds = Ids(distinct, AuditActor.ClientPrefix).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (userIds.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken))
            {
                names[AuditActor.UserPrefix + user.Id] = user.Email ?? user.Id;
                names[AuditActor.OperatorPrefix + user.Id] = $"operator ({user.Email ?? user.Id})";
            }
        }

        if (clientIds.Count > 0)
        {
            foreach (var client in await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.ClientId!)).Select(c => new { c.ClientId, c.DisplayName }).ToListAsync(cancellationToken))
            {
                names[AuditActor.ClientPrefix + client.ClientId] = $"{client.DisplayName} ({client.ClientId})";
            }
        }

        return names;
    }

    private static string? NameOf(string? reference, Dictionary<string, string> names) =>
        reference is null ? null : names.GetValueOrDefault(reference);

    private static Expression<Func<AuditEvent, bool>> ActionStartsWithAny(IEnumerable<string> prefixes)
    {
        var e = Expression.Parameter(typeof(AuditEvent), "e");
        var action = Expression.Property(e, nameof(AuditEvent.Action));
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        var body = prefixes.Select(p => (Expression)Expression.Call(action, startsWith, Expression.Constant(p))).Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<AuditEvent, bool>>(body, e);
    }

    private static string CursorOf(AuditRow row) => string.Create(CultureInfo.InvariantCulture, $"{row.At.Ticks}-{row.Id}");

    /// <returns>Null for no cursor or one that does not parse: the page then starts at the newest event.</returns>
    private static (DateTime At, long Id)? ParseCursor(string? cursor)
    {
        var parts = cursor?.Split('-');
        return parts is [var ticks, var id] &&
               long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t >= DateTime.MinValue.Ticks && t <= DateTime.MaxValue.Ticks &&
               long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? (new DateTime(t, DateTimeKind.Utc), i)
            : null;
    }
}
