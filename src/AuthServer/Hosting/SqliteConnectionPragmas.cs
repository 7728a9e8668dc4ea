namespace AuthServer.Hosting;

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
