using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Hosting;

/// <summary>Database settings (configuration section <c>Database</c>, SPEC §8).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
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
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();

        // Configuration is read when the container first builds a context, not here, so that settings added
        // late (test hosts, environment-specific sources) are honoured. Pooled: contexts, their options and
        // their SQLite connection objects are reused, which more than doubles public lookup throughput
        // (a new SqliteConnection re-registers EF's SQL functions on every open).
        builder.Services.AddDbContextPool<AuthServerDbContext>((services, options) =>
        {
            var provider = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
            var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");
            switch (provider)
            {
                case DatabaseProvider.SqlServer:
                    options.UseSqlServer(connectionString, sql => sql.MigrationsAssembly("AuthServer.Migrations.SqlServer"));
                    break;
                case DatabaseProvider.PostgreSql:
                    // A database server: concurrent redemptions are decided by the primary key, with no
                    // in-process writer queue and none of SQLite's pragmas (TokenLedger, SqliteSynchronousNormal).
                    options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly("AuthServer.Migrations.PostgreSql"));
                    break;
                default:
                    options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly("AuthServer.Migrations.Sqlite"))
                        .AddInterceptors(SqliteSynchronousNormal.Instance);
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
/// WAL with <c>synchronous=NORMAL</c>: a commit no longer waits for an fsync of the log. The database
/// stays consistent after a crash; an OS crash or power cut may lose the last commits (not a process
/// crash). The setting belongs to each connection, so it is applied whenever one opens.
/// </summary>
internal sealed class SqliteSynchronousNormal : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteSynchronousNormal Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
