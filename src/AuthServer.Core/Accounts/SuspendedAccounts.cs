namespace AuthServer.Core.Accounts;

/// <summary>
/// The accounts an operator has suspended, and the client_ids of their clients, in memory on every instance:
/// the bearer check, the token endpoint and lookups ask here (a set probe, no query per request). Refreshed
/// from the database by the same one-second poll that carries revocations, at once on the instance where the
/// operator acted, and (with Redis) at once on the others, told by <see cref="Changed"/>'s broadcast (a
/// suspension is applied from the message itself, <see cref="Suspend"/>). Tokens
/// are not revoked: reinstating the account makes them work again.
/// </summary>
public sealed class SuspendedAccounts
{
    private sealed record State(FrozenSet<Guid> Accounts, FrozenSet<string> AccountIds, FrozenSet<string> ClientIds);

    private static readonly State None = new(FrozenSet<Guid>.Empty, FrozenSet<string>.Empty, FrozenSet<string>.Empty);

    private volatile State _state = None;

    public bool Any => _state.Accounts.Count > 0;

    public bool IsSuspended(Guid accountId)
    {
        var state = _state;
        return state.Accounts.Count > 0 && state.Accounts.Contains(accountId);
    }

    /// <summary>
    /// For an access token: its account (the <c>account_id</c> claim) is suspended, or its client belongs to a
    /// suspended account (a Developer Application of a suspended company stops working for every customer).
    /// </summary>
    public bool Refuses(string? accountId, string? clientId)
    {
        var state = _state;
        return state.Accounts.Count > 0 &&
               ((accountId is not null && state.AccountIds.Contains(accountId)) || (clientId is not null && state.ClientIds.Contains(clientId)));
    }

    private readonly Lock _write = new();

    // Each read, and each suspension taken from a message, gets the next number; a read older than what the
    // sets already hold is dropped, so a poll that read before an operator's commit cannot undo the message.
    private long _sequence;
    private long _applied;

    /// <summary>
    /// Raised after an operator on this instance suspended (true) or reinstated (false) an account, so the other
    /// instances can be told.
    /// </summary>
    public event Action<Guid, bool>? Changed;

    /// <summary>This instance changed the account's suspension: applies it here at once, and tells whoever listens.</summary>
    public async Task ApplyChangeAsync(AuthServerDbContext db, Guid accountId, bool suspended, CancellationToken cancellationToken)
    {
        await RefreshAsync(db, cancellationToken);
        Changed?.Invoke(accountId, suspended);
    }

    /// <summary>
    /// Another instance says it suspended the account: its tokens are refused here at once, before the database
    /// is read again (a read that takes a loaded machine longer than the message did). Like a revocation
    /// message, this can only refuse, never accept: the read that follows brings the account's clients, and
    /// drops the account again if the database does not hold it suspended. Reinstating is only ever read.
    /// </summary>
    public void Suspend(Guid accountId)
    {
        lock (_write)
        {
            _applied = Interlocked.Increment(ref _sequence);
            var state = _state;
            if (!state.Accounts.Contains(accountId))
            {
                _state = new State(state.Accounts.Append(accountId).ToFrozenSet(),
                    state.AccountIds.Append(accountId.ToString()).ToFrozenSet(StringComparer.OrdinalIgnoreCase), state.ClientIds);
            }
        }
    }

    /// <summary>Reads the suspended accounts and their clients (one query; an index seek while none is suspended).</summary>
    public async Task RefreshAsync(AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var rows = await db.Accounts.AsNoTracking()
            .Where(a => a.SuspendedAt != null)
            .Select(a => new { a.Id, Clients = db.Clients.Where(c => c.AccountId == a.Id).Select(c => c.ClientId!).ToList() })
            .ToListAsync(cancellationToken);
        var clients = rows.SelectMany(r => r.Clients).ToList();
        lock (_write)
        {
            if (sequence < _applied)
            {
                return; // a newer read, or a suspension told since this read began, is already applied
            }

            _applied = sequence;
            var state = _state;
            if (rows.Count == state.Accounts.Count && rows.All(r => state.Accounts.Contains(r.Id)) &&
                clients.Count == state.ClientIds.Count && clients.All(state.ClientIds.Contains))
            {
                return; // nothing changed: keep the sets, allocate nothing
            }

            _state = rows.Count == 0
                ? None
                : new State(rows.Select(r => r.Id).ToFrozenSet(), rows.Select(r => r.Id.ToString()).ToFrozenSet(StringComparer.OrdinalIgnoreCase),
                    clients.ToFrozenSet(StringComparer.Ordinal));
        }
    }
}
