using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AuthServer.Hosting;

/// <summary>
/// Keeps a locked SQLite file from starving the thread pool. Microsoft.Data.Sqlite has no asynchronous I/O:
/// a command on a locked file retries by sleeping its thread until <c>Database:CommandTimeout</c>. Without a
/// bound, every request waiting on the lock holds a pool thread, and requests that never touch the
/// database (<c>/health/live</c>) queue behind them. Here at most <see cref="Capacity"/> commands run at once; the others wait asynchronously, threadless, for at most the same timeout
/// and then fail as <see cref="DatabaseUnavailableException"/> (503). The thread pool is given that many spare
/// threads up front, so the blocked ones never leave the rest of the server without one. (A transaction's
/// BEGIN waits outside the gate, bounded by the connection's Default Timeout, set to the same value.)
/// </summary>
public sealed class SqliteCommandGate : DbCommandInterceptor
{
    /// <summary>SQLite runs one writer at a time and reads are CPU-bound: more than this gains nothing.</summary>
    public static readonly int Capacity = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly SemaphoreSlim _slots = new(Capacity, Capacity);
    /// <summary>
    /// The commands holding a slot, by reference. Not a ConditionalWeakTable: each entry there is a GC dependent
    /// handle freed only by a finalizer, and one per command kept the finalizer thread busy (an eighth of a
    /// lookup's CPU). EF follows every command it let run with exactly one of executed, failed or canceled.
    /// </summary>
    private readonly ConcurrentDictionary<object, byte> _holders = new(ReferenceEqualityComparer.Instance);
    private readonly TimeSpan _timeout;

    public SqliteCommandGate(IOptions<DatabaseOptions> options)
    {
        _timeout = options.Value.CommandTimeout;
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Capacity + (Environment.ProcessorCount * 2)), io);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Enter(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => EnterAsync(command, result, cancellationToken);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Enter(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) => EnterAsync(command, result, cancellationToken);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Enter(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) => EnterAsync(command, result, cancellationToken);

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
        Exit(command, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Exit(command, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Exit(command, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Exit(command, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Exit(command, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Exit(command, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Exit(command, 0);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command, 0);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Exit(command, 0);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command, 0);
        return Task.CompletedTask;
    }

    /// <summary>Takes a slot for the command (waiting with its thread: the caller is synchronous anyway), and lets it run.</summary>
    private T Enter<T>(object holder, T result)
    {
        if (!_slots.Wait(_timeout))
        {
            throw Unavailable();
        }

        _holders[holder] = 0;
        return result;
    }

    private async ValueTask<T> EnterAsync<T>(object holder, T result, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        _holders[holder] = 0;
        return result;
    }

    /// <summary>
    /// Takes a slot for a command that EF Core does not run (the lookup's own reader), waiting as EF's commands
    /// do; give it back with <see cref="Release"/>. The uncontended path completes at once, without an
    /// allocation: the token endpoint and every lookup run through here.
    /// </summary>
    public ValueTask EnterAsync(CancellationToken cancellationToken) =>
        _slots.Wait(0) ? ValueTask.CompletedTask : WaitForSlotAsync(cancellationToken);

    /// <summary>Gives back a slot taken with <see cref="EnterAsync(CancellationToken)"/>.</summary>
    public void Release() => _slots.Release();

    private async ValueTask WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(_timeout, cancellationToken))
        {
            throw Unavailable();
        }
    }

    /// <summary>Releases the slot the holder took, once: failure callbacks also follow commands that never got one.</summary>
    private T Exit<T>(object? holder, T result)
    {
        if (holder is not null && _holders.TryRemove(holder, out _))
        {
            _slots.Release();
        }

        return result;
    }

    private DatabaseUnavailableException Unavailable() =>
        new($"The database did not answer within {_timeout.TotalSeconds:0.#} s: {Capacity} commands are already waiting on it.");
}
