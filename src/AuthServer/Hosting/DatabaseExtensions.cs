using System.ComponentModel.DataAnnotations;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Hosting;

/// <summary>Database settings (configuration section <c>Database</c>, SPEC §8).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The longest a request waits on one database command before it is answered 503 (SPEC §5). For SQLite
    /// this is also how long a locked file is retried (its busy wait), for a server the command timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest opening a connection to a database server may take (unused by SQLite, a local file).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whole seconds, as ADO.NET providers take them (rounded up: never shorter than configured).</summary>
    public int CommandTimeoutSeconds => (int)Math.Ceiling(CommandTimeout.TotalSeconds);

    /// <inheritdoc cref="CommandTimeoutSeconds"/>
    public int ConnectTimeoutSeconds => (int)Math.Ceiling(ConnectTimeout.TotalSeconds);
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "AuthServer";

    /// <summary>
    /// The one DbContext on the provider named by <c>Database:Provider</c>, with the migrations of that
    /// provider's own project, and Data Protection keys stored in it (so restarts and several instances
    /// share cookies and protected server keys).
    /// </summary>
    public static WebApplicationBuilder AddAuthServerDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SqliteCommandGate>();

        // Configuration is read when the container first builds a context, not here, so that settings added
        // late (test hosts, environment-specific sources) are honoured. Pooled: contexts, their options and
        // their SQLite connection objects are reused, which more than doubles public lookup throughput
        // (a new SqliteConnection re-registers EF's SQL functions on every open).
        builder.Services.AddDbContextPool<AuthServerDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");
            // Bounded waits (Database:CommandTimeout, Database:ConnectTimeout): a database in trouble answers
            // 503 within seconds instead of holding requests for the providers' default 15 to 30 s.
            switch (database.Provider)
            {
                case DatabaseProvider.SqlServer:
                    connectionString = new SqlConnectionStringBuilder(connectionString) { ConnectTimeout = database.ConnectTimeoutSeconds }.ConnectionString;
                    options.UseSqlServer(connectionString, sql => sql.MigrationsAssembly("AuthServer.Migrations.SqlServer")
                        .CommandTimeout(database.CommandTimeoutSeconds));
                    break;
                case DatabaseProvider.PostgreSql:
                    // A database server: concurrent redemptions are decided by the primary key, with no
                    // group-commit writer and none of SQLite's pragmas (TokenLedger, SqliteConnectionPragmas).
                    connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = database.ConnectTimeoutSeconds }.ConnectionString;
                    options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly("AuthServer.Migrations.PostgreSql")
                        .CommandTimeout(database.CommandTimeoutSeconds));
                    break;
                default:
                    // Default Timeout bounds the busy wait of the commands Microsoft.Data.Sqlite issues itself (BEGIN).
                    connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = database.CommandTimeoutSeconds }.ConnectionString;
#pragma warning disable EF1001 // EF's SQLite connection service, see SqliteConnectionWithoutFunctions
                    options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly("AuthServer.Migrations.Sqlite")
                            .CommandTimeout(database.CommandTimeoutSeconds))
                        .AddInterceptors(new SqliteConnectionPragmas(database.CommandTimeout), services.GetRequiredService<SqliteCommandGate>())
                        .ReplaceService<Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal.ISqliteRelationalConnection, SqliteConnectionWithoutFunctions>();
#pragma warning restore EF1001
                    break;
            }

            options.UseOpenIddict<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();
        });

        builder.Services.AddDataProtection()
            .SetApplicationName("AuthServer")
            .PersistKeysToDbContext<AuthServerDbContext>();

        return builder;
    }
}

/// <summary>
/// Settings of each SQLite connection, applied whenever one opens:
/// <list type="bullet">
/// <item>WAL with <c>synchronous=NORMAL</c>: a commit no longer waits for an fsync of the log. The database
/// stays consistent after a crash; an OS crash or power cut may lose the last commits (not a process crash).</item>
/// <item><c>busy_timeout</c>: a writer that finds another one (the redemption writer, the audit writer, a page)
/// waits inside SQLite, in steps of a few milliseconds, instead of Microsoft.Data.Sqlite's retry, which sleeps
/// 150 ms at a time and showed in /renew's p99. Bounded by <c>Database:CommandTimeout</c> like every other
/// wait on the database, so a locked file still answers 503 in time.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionPragmas(TimeSpan busyTimeout) : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds};";

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // A setting lives on the physical connection, which Microsoft.Data.Sqlite pools: set it once per connection.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Applied = [];

    private void Apply(System.Data.Common.DbConnection connection)
    {
        if (connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } || Applied.TryGetValue(handle, out _))
        {
            return;
        }

        Applied.AddOrUpdate(handle, handle);
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
