using System.ComponentModel.DataAnnotations;

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
