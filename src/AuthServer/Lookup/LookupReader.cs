using System.Data;
using System.Data.Common;
using AuthServer.Core.Participants;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.ObjectPool;

namespace AuthServer.Lookup;

/// <summary>
/// Finds the participant a lookup asks about with the provider's own commands rather than EF Core queries.
/// Lookup is the busiest public path (issue 15: held to 0.70 of a bare ASP.NET Core + SQLite read), and EF's
/// command, reader and materializer around the database's own work were two thirds of its time in our
/// pipeline; preparing the statement again on every request (SQLite parses and plans it each time) was a
/// tenth of what was left. So:
/// <list type="bullet">
/// <item>EF still writes the SQL: each statement is EF's translation of a LINQ query over the model, taken once
/// at start, so table and column names, quoting, the stored value of <see cref="ParticipantStatus.Verified"/> and
/// the row limit stay EF's on every provider.</item>
/// <item>On SQLite, open connections with their commands are pooled here (<see cref="ReadyConnection"/>): a
/// command run again on its connection reuses its prepared statement (measured: x1.19 lookups a second). A
/// connection that failed is dropped, not reused. A database server's connections come from its provider's
/// pool each time, which notices a server that went away and came back (a connection held here would fail
/// once for each time that happened).</item>
/// <item>On SQLite a command takes a slot of the <see cref="SqliteCommandGate"/>, as EF's commands do, so a locked
/// file still answers 503 in time.</item>
/// </list>
/// </summary>
public sealed class LookupReader : IDisposable
{
    private readonly SqliteCommandGate? _gate;
    private readonly ReadyConnection.Policy _opener;

    /// <summary>SQLite's ready connections (null on a database server); replaced whole by <see cref="CloseIdleConnections"/>.</summary>
    private ObjectPool<ReadyConnection>? _pool;
    private readonly Statement _byPeppolId;
    private readonly Statement _byEuVatId;
    private readonly Statement _byRnAndCountry;
    private readonly Statement _byEuVatIdNotSuspended;
    private readonly Statement _byRnAndCountryNotSuspended;

    public LookupReader(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, SqliteCommandGate gate)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var connection = db.Database.GetDbConnection();
        var provider = DbProviderFactories.GetFactory(connection)
            ?? throw new InvalidOperationException($"{connection.GetType().Name} names no provider factory.");
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database has no connection string.");
        _gate = options.Value.Provider == DatabaseProvider.Sqlite ? gate : null;

        // Captured variables, not constants, so that EF makes them parameters; their values tell them apart.
        var key = Statement.KeyPlaceholder;
        var country = Statement.CountryPlaceholder;
        var verified = db.Participants.Where(p => p.Status == ParticipantStatus.Verified);
        // euVatId and rn are not unique across accounts: the first registered answers, deterministically.
        static IQueryable<Participant> OldestFirst(IQueryable<Participant> query) => query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id);

        // Verified holders of a peppolId are unique (a filtered index): one seek.
        _byPeppolId = Statement.From(0, verified.Where(p => p.PeppolIdKey == key));
        _byEuVatId = Statement.From(1, OldestFirst(verified.Where(p => p.EuVatIdKey == key)));
        _byRnAndCountry = Statement.From(2, OldestFirst(verified.Where(p => p.RnKey == key && p.CountryCode == country)));
        // Only when the first match belongs to a suspended account (rare): the first one of an account that is not.
        _byEuVatIdNotSuspended = Statement.From(3, OldestFirst(verified.Where(p => p.EuVatIdKey == key && p.Account!.SuspendedAt == null)));
        _byRnAndCountryNotSuspended = Statement.From(4, OldestFirst(
            verified.Where(p => p.RnKey == key && p.CountryCode == country && p.Account!.SuspendedAt == null)));

        _opener = new ReadyConnection.Policy(provider, connectionString, options.Value.CommandTimeoutSeconds, Statement.Count);
        _pool = _gate is null ? null : NewPool();
    }

    // As many as can be busy at once (the gate lets a few run; the rest of a request is CPU); more are opened
    // when needed and closed after use.
    // (For a disposable type the provider makes a pool that disposes what it does not keep, and all it keeps
    // when disposed itself.)
    private ObjectPool<ReadyConnection> NewPool() =>
        new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }.Create(_opener);

    /// <summary>The first verified participant the query names, whatever its account's state.</summary>
    public Task<LookupMatch?> FindAsync(LookupQuery query, CancellationToken cancellationToken) => query.Kind switch
    {
        LookupKind.PeppolId => ReadAsync(_byPeppolId, query, cancellationToken),
        LookupKind.EuVatId => ReadAsync(_byEuVatId, query, cancellationToken),
        _ => ReadAsync(_byRnAndCountry, query, cancellationToken),
    };

    /// <summary>
    /// After <see cref="FindAsync"/> found a suspended account's participant: the first of an account that is not
    /// suspended. A peppolId has one verified holder, so there is none.
    /// </summary>
    public Task<LookupMatch?> FindNotSuspendedAsync(LookupQuery query, CancellationToken cancellationToken) => query.Kind switch
    {
        LookupKind.PeppolId => Task.FromResult<LookupMatch?>(null),
        LookupKind.EuVatId => ReadAsync(_byEuVatIdNotSuspended, query, cancellationToken),
        _ => ReadAsync(_byRnAndCountryNotSuspended, query, cancellationToken),
    };

    /// <summary>
    /// On SQLite the gate's slot is taken before a ready connection, not just around the command: requests waiting
    /// for a slot then hold no connection, so no more than the gate's capacity are ever out, all of them kept by the
    /// pool. Taken the other way round, at 64 connections one lookup in 25 found the pool empty, opened a connection
    /// and prepared its statement again (5,569 prepares in 7 seconds of load; 17 with the slot first).
    /// </summary>
    private async Task<LookupMatch?> ReadAsync(Statement statement, LookupQuery query, CancellationToken cancellationToken)
    {
        if (_gate is null)
        {
            return await ReadOnAsync(await _opener.OpenAsync(cancellationToken), pool: null, statement, query, cancellationToken);
        }

        await _gate.EnterAsync(cancellationToken);
        try
        {
            var pool = _pool!;
            return await ReadOnAsync(pool.Get(), pool, statement, query, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs the statement on the connection and gives the connection back to SQLite's pool, or closes a database
    /// server's (its provider pools it).
    /// </summary>
    private static async Task<LookupMatch?> ReadOnAsync(ReadyConnection connection, ObjectPool<ReadyConnection>? pool, Statement statement,
        LookupQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var command = connection.CommandFor(statement, query);
            LookupMatch? match;
            // Microsoft.Data.Sqlite has no asynchronous I/O: its async methods run the same calls, with more overhead.
            await using (var reader = pool is null
                ? await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken)
                : command.ExecuteReader(CommandBehavior.SingleRow))
            {
                match = await reader.ReadAsync(cancellationToken)
                    ? new LookupMatch(reader.GetGuid(0), new LookupResponse(true, reader.GetString(1), reader.GetString(2), reader.GetString(3)))
                    : null;
            }

            if (pool is null)
            {
                connection.Dispose();
            }
            else
            {
                pool.Return(connection); // closed instead, if the pool was replaced meanwhile
            }

            return match;
        }
        catch
        {
            // Whatever went wrong (the database, a cancellation mid-read), this connection is not trusted again.
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Closes the idle ready connections, as <c>SqliteConnection.ClearAllPools</c> does EF Core's: while any
    /// connection of this process has the file open, another cannot take it in exclusive locking mode (a tool
    /// that must shut readers out, or a test that plays one).
    /// </summary>
    public void CloseIdleConnections()
    {
        if (_pool is not null)
        {
            (Interlocked.Exchange(ref _pool, NewPool()) as IDisposable)?.Dispose();
        }
    }

    public void Dispose() => (_pool as IDisposable)?.Dispose();

    /// <summary>EF's SQL for one query and its parameters as EF declared them.</summary>
    private sealed record Statement(int Index, string Sql, Statement.Parameter[] Parameters)
    {
        public const int Count = 5;
        public const string KeyPlaceholder = "\u0001key";
        public const string CountryPlaceholder = "\u0001country";

        /// <summary>
        /// <see cref="Value"/> is a placeholder for the key or the country, or a fixed value (the row limit).
        /// Not the parameter's size: providers infer that from the placeholder's length.
        /// </summary>
        public sealed record Parameter(string Name, DbType DbType, object? Value);

        /// <summary>The query's first row, projected to what <see cref="ReadAsync"/> reads, in that order.</summary>
        public static Statement From(int index, IQueryable<Participant> query)
        {
            using var command = query
                .Select(p => new { p.AccountId, p.Name, p.PeppolId, p.CountryCode })
                .Take(1)
                .CreateDbCommand();
            return new Statement(index, command.CommandText,
                [.. command.Parameters.Cast<DbParameter>().Select(p => new Parameter(p.ParameterName, p.DbType, p.Value))]);
        }

        public DbCommand CreateCommand(DbConnection connection, int timeoutSeconds)
        {
            var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.CommandTimeout = timeoutSeconds;
            foreach (var declared in Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = declared.Name;
                parameter.DbType = declared.DbType;
                parameter.Value = declared.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }

        /// <summary>Puts the query's values in place of the placeholders (the parameters are in declaration order).</summary>
        public void Bind(DbCommand command, LookupQuery query)
        {
            for (var i = 0; i < Parameters.Length; i++)
            {
                switch (Parameters[i].Value)
                {
                    case KeyPlaceholder:
                        command.Parameters[i].Value = query.Key;
                        break;
                    case CountryPlaceholder:
                        command.Parameters[i].Value = query.CountryCode;
                        break;
                }
            }
        }
    }

    /// <summary>
    /// An open connection and the commands run on it so far, one a statement. Disposed synchronously: closing
    /// gives a database server's connection back to its provider's pool and closes a SQLite file, neither of
    /// which waits on the network.
    /// </summary>
    private sealed class ReadyConnection(DbConnection connection, int timeoutSeconds, int statements) : IDisposable
    {
        private readonly DbCommand?[] _commands = new DbCommand?[statements];

        public DbCommand CommandFor(Statement statement, LookupQuery query)
        {
            var command = _commands[statement.Index] ??= statement.CreateCommand(connection, timeoutSeconds);
            statement.Bind(command, query);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands)
            {
                command?.Dispose();
            }

            try
            {
                if (connection is SqliteConnection { Handle: { } handle })
                {
                    Policy.KeepPlans(handle, false);
                }
            }
            finally
            {
                connection.Dispose();
            }
        }

        /// <summary>Opens ready connections: synchronously for SQLite's pool (a local file), asynchronously otherwise.</summary>
        public sealed class Policy(DbProviderFactory provider, string connectionString, int timeoutSeconds, int statements)
            : IPooledObjectPolicy<ReadyConnection>
        {
            // Opened synchronously, the task is complete when it returns: nothing blocks on it.
            public ReadyConnection Create() => OpenAsync(synchronously: true, CancellationToken.None).GetAwaiter().GetResult();

            public Task<ReadyConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(synchronously: false, cancellationToken);

            public bool Return(ReadyConnection item) => true;

            /// <summary>
            /// SQLite's query planner stability guarantee on this connection. Without it SQLite plans with the values
            /// bound to some parameters (EF's <c>LIMIT @p</c> among them) and marks the statement for a new plan whenever
            /// one of those is bound again; Microsoft.Data.Sqlite binds every parameter on every execution, so every
            /// lookup parsed and planned its SELECT again (a tenth of its CPU), prepared statement or not. With it the
            /// plan made once is kept: each statement here is an index seek whatever the values. The setting lives on the
            /// physical connection, which Microsoft.Data.Sqlite's pool shares with EF, so it is switched off again before
            /// the connection goes back (<see cref="ReadyConnection.Dispose"/>).
            /// </summary>
            public static void KeepPlans(SQLitePCL.sqlite3 handle, bool keep)
            {
                var result = SQLitePCL.raw.sqlite3_db_config(handle, SQLitePCL.raw.SQLITE_DBCONFIG_ENABLE_QPSG, keep ? 1 : 0, out _);
                if (result != SQLitePCL.raw.SQLITE_OK)
                {
                    throw new InvalidOperationException($"SQLite refused to set the query planner stability guarantee ({result}).");
                }
            }

            private async Task<ReadyConnection> OpenAsync(bool synchronously, CancellationToken cancellationToken)
            {
                var connection = provider.CreateConnection()!;
                connection.ConnectionString = connectionString;
                try
                {
                    if (synchronously)
                    {
                        connection.Open();
                    }
                    else
                    {
                        await connection.OpenAsync(cancellationToken);
                    }

                    if (connection is SqliteConnection { Handle: { } handle })
                    {
                        KeepPlans(handle, true);
                    }
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }

                return new ReadyConnection(connection, timeoutSeconds, statements);
            }
        }
    }
}
