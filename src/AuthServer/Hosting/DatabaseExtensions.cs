using AuthServer.Core;
using AuthServer.Core.Clients;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Hosting;

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
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
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
