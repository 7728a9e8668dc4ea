using System.Data;
using System.Data.Common;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AuthServer.Lookup;

/// <summary>
/// Finds the participant a lookup asks about with the provider's own command rather than an EF Core query.
/// Lookup is the busiest public path, and EF's command, reader and materializer around the database's own
/// work were two thirds of its time inside our pipeline (bench/README.md). EF still writes the SQL: each
/// statement is EF's translation of a LINQ query over the model, taken once at start, so table and column
/// names, quoting, the stored value of <see cref="ParticipantStatus.Verified"/> and the row limit stay EF's
/// for every provider. On SQLite the command takes a slot of the <see cref="SqliteCommandGate"/>, as EF's
/// commands do, so a locked file still answers 503 in time.
/// </summary>
public sealed class LookupReader
{
    private readonly DbProviderFactory _provider;
    private readonly string _connectionString;
    private readonly int _commandTimeoutSeconds;
    private readonly SqliteCommandGate? _gate;
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
        _provider = DbProviderFactories.GetFactory(connection)
            ?? throw new InvalidOperationException($"{connection.GetType().Name} names no provider factory.");
        _connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database has no connection string.");
        _commandTimeoutSeconds = options.Value.CommandTimeoutSeconds;
        _gate = options.Value.Provider == DatabaseProvider.Sqlite ? gate : null;

        // Captured variables, not constants, so that EF makes them parameters; their values tell them apart.
        var key = Statement.KeyPlaceholder;
        var country = Statement.CountryPlaceholder;
        var verified = db.Participants.Where(p => p.Status == ParticipantStatus.Verified);
        // euVatId and rn are not unique across accounts: the first registered answers, deterministically.
        static IQueryable<Participant> OldestFirst(IQueryable<Participant> query) => query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id);

        // Verified holders of a peppolId are unique (a filtered index): one seek.
        _byPeppolId = Statement.From(verified.Where(p => p.PeppolIdKey == key));
        _byEuVatId = Statement.From(OldestFirst(verified.Where(p => p.EuVatIdKey == key)));
        _byRnAndCountry = Statement.From(OldestFirst(verified.Where(p => p.RnKey == key && p.CountryCode == country)));
        // Only when the first match belongs to a suspended account (rare): the first one of an account that is not.
        _byEuVatIdNotSuspended = Statement.From(OldestFirst(verified.Where(p => p.EuVatIdKey == key && p.Account!.SuspendedAt == null)));
        _byRnAndCountryNotSuspended = Statement.From(OldestFirst(
            verified.Where(p => p.RnKey == key && p.CountryCode == country && p.Account!.SuspendedAt == null)));
    }

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

    private async Task<LookupMatch?> ReadAsync(Statement statement, LookupQuery query, CancellationToken cancellationToken)
    {
        await using var connection = _provider.CreateConnection()!;
        connection.ConnectionString = _connectionString;
        await connection.OpenAsync(cancellationToken);
        await using var command = statement.CreateCommand(connection, query, _commandTimeoutSeconds);
        await using var reader = await ExecuteAsync(command, cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LookupMatch(reader.GetGuid(0), new LookupResponse(true, reader.GetString(1), reader.GetString(2), reader.GetString(3)))
            : null;
    }

    /// <summary>Runs the command within a slot of the SQLite gate, as EF Core's interceptor holds one: from executing to executed.</summary>
    private async Task<DbDataReader> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (_gate is null)
        {
            return await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        }

        // Microsoft.Data.Sqlite has no asynchronous I/O: its async methods run these same calls.
        await _gate.EnterAsync(cancellationToken);
        try
        {
            return command.ExecuteReader(CommandBehavior.SingleRow);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>EF's SQL for one query and the shape of its parameters.</summary>
    private sealed record Statement(string Sql, Statement.Parameter[] Parameters)
    {
        public const string KeyPlaceholder = "\u0001key";
        public const string CountryPlaceholder = "\u0001country";

        /// <summary>
        /// A parameter as EF declared it; <see cref="Value"/> is a placeholder for the key or the country, or a
        /// fixed value (the row limit). Not its size: providers infer that from the placeholder's length.
        /// </summary>
        public sealed record Parameter(string Name, DbType DbType, object? Value);

        /// <summary>The query's first row, projected to what <see cref="ReadAsync"/> reads, in that order.</summary>
        public static Statement From(IQueryable<Participant> query)
        {
            using var command = query
                .Select(p => new { p.AccountId, p.Name, p.PeppolId, p.CountryCode })
                .Take(1)
                .CreateDbCommand();
            return new Statement(command.CommandText,
                [.. command.Parameters.Cast<DbParameter>().Select(p => new Parameter(p.ParameterName, p.DbType, p.Value))]);
        }

        public DbCommand CreateCommand(DbConnection connection, LookupQuery query, int timeoutSeconds)
        {
            var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.CommandTimeout = timeoutSeconds;
            foreach (var declared in Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = declared.Name;
                parameter.DbType = declared.DbType;
                parameter.Value = declared.Value switch
                {
                    KeyPlaceholder => query.Key,
                    CountryPlaceholder => query.CountryCode,
                    var fixedValue => fixedValue,
                };
                command.Parameters.Add(parameter);
            }

            return command;
        }
    }
}
