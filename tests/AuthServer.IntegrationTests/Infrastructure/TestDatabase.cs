using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// The database a test host runs on, new and empty for each factory and deleted afterwards: a SQLite
/// file by default, or a database on the PostgreSQL server whose connection string (a user allowed to
/// create databases) is in <see cref="PostgresVariable"/>, as .ci/run sets it for its second run.
/// </summary>
public abstract class TestDatabase : IDisposable
{
    public const string PostgresVariable = "AUTHSERVER_TEST_POSTGRES";

    /// <summary>The PostgreSQL server the suite runs on, or null for SQLite.</summary>
    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static TestDatabase Create() => PostgresServer is { } server ? new PostgreSqlDatabase(server) : new SqliteDatabase();

    /// <summary>A SQLite file whatever the suite runs on: for what only SQLite has (the group-commit writer).</summary>
    public static TestDatabase Sqlite() => new SqliteDatabase();

    /// <summary>The value of <c>Database:Provider</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>The value of <c>ConnectionStrings:AuthServer</c>.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Settings (as environment variables name them) that point a server process at this database.</summary>
    public IDictionary<string, string> EnvironmentVariables => new Dictionary<string, string>
    {
        ["Database__Provider"] = Provider,
        ["ConnectionStrings__AuthServer"] = ConnectionString,
    };

    /// <summary>A context outside any host, for looking at what a server process left behind.</summary>
    public AuthServerDbContext OpenContext()
    {
        var options = new DbContextOptionsBuilder<AuthServerDbContext>();
        _ = Provider == "PostgreSql" ? options.UseNpgsql(ConnectionString) : options.UseSqlite(ConnectionString);
        options.UseOpenIddict<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();
        return new AuthServerDbContext(options.Options);
    }

    /// <summary>No connection can be opened until the result is disposed: how a host behaves when its database is down.</summary>
    public abstract IDisposable MakeUnreachable();

    /// <summary>
    /// Another connection holds the whole database, readers shut out too, until the result is disposed: a
    /// backup tool or an open shell (SQLite), a long migration (PostgreSQL). The host's waits then run out.
    /// </summary>
    public abstract IDisposable LockEverything();

    /// <summary>Everything stored, as text: for checking that a secret was never written anywhere.</summary>
    public abstract Task<string> ReadAllAsTextAsync();

    public abstract void Dispose();

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    private sealed class SqliteDatabase : TestDatabase
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"authserver-test-{Guid.NewGuid():N}.db");

        public override string Provider => "Sqlite";

        public override string ConnectionString => $"Data Source={_path}";

        public override IDisposable MakeUnreachable()
        {
            // A directory takes the file's name.
            SqliteConnection.ClearAllPools();
            var moved = _path + ".moved";
            File.Move(_path, moved);
            Directory.CreateDirectory(_path);
            return new Restore(() =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(_path);
                File.Move(moved, _path);
            });
        }

        public override IDisposable LockEverything()
        {
            // In WAL mode only exclusive locking mode keeps readers out, and a connection can switch to it
            // only while no other is open: the host's idle pooled ones are closed first, and the switch
            // waits (busy timeout) for those in use. SQLite locks connections of one process against each
            // other as it does separate processes.
            SqliteConnection.ClearAllPools();
            var holder = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false, DefaultTimeout = 30 }.ConnectionString);
            holder.Open();
            using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM Accounts;";
            exclusive.ExecuteScalar();
            return holder; // closing it releases the lock
        }

        public override async Task<string> ReadAllAsTextAsync()
        {
            // WAL mode: recent writes may still sit in the -wal file.
            var text = "";
            foreach (var path in new[] { _path, _path + "-wal" }.Where(File.Exists))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
                text += await reader.ReadToEndAsync();
            }

            return text;
        }

        public override void Dispose()
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_path + suffix);
            }
        }
    }

    private sealed class PostgreSqlDatabase : TestDatabase
    {
        private readonly string _server;
        private readonly string _name = $"authserver_test_{Guid.NewGuid():N}";

        public PostgreSqlDatabase(string server)
        {
            _server = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name }.ConnectionString;
            Admin($"CREATE DATABASE \"{_name}\"");
        }

        public override string Provider => "PostgreSql";

        public override string ConnectionString { get; }

        public override IDisposable MakeUnreachable()
        {
            Admin($"ALTER DATABASE \"{_name}\" ALLOW_CONNECTIONS false");
            Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_name}'");
            ClearPool();
            return new Restore(() => Admin($"ALTER DATABASE \"{_name}\" ALLOW_CONNECTIONS true"));
        }

        public override IDisposable LockEverything()
        {
            var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
            holder.Open();
            using var lockAll = new NpgsqlCommand(
                "BEGIN; DO $$ BEGIN EXECUTE 'LOCK TABLE ' || (SELECT string_agg(quote_ident(table_name), ', ') FROM information_schema.tables " +
                "WHERE table_schema = 'public') || ' IN ACCESS EXCLUSIVE MODE'; END $$;", holder);
            lockAll.ExecuteNonQuery();
            return holder; // closing it rolls back, which releases the locks
        }

        public override async Task<string> ReadAllAsTextAsync()
        {
            // Every row of every table, as PostgreSQL prints it.
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public'", connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var text = new System.Text.StringBuilder();
            foreach (var table in tables)
            {
                await using var dump = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t", connection);
                text.AppendLine((string?)await dump.ExecuteScalarAsync());
            }

            return text.ToString();
        }

        public override void Dispose()
        {
            ClearPool();
            Admin($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        }

        private void ClearPool()
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        private void Admin(string sql)
        {
            using var connection = new NpgsqlConnection(_server);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
