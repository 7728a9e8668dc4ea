using System.Data.Common;

namespace AuthServer.Hosting;

/// <summary>Whether a failure means the database cannot be used right now (SPEC §5: 503, not 500).</summary>
public static class DatabaseTrouble
{
    /// <summary>How long clients are told to wait before they retry (<c>Retry-After</c>).</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>
    /// A provider error anywhere in the chain: SQLite busy or unable to open, a server that cannot be
    /// reached or timed out, or our own bounded wait. EF Core wraps them (DbUpdateException, retry limits).
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException)
            {
                return true;
            }
        }

        return false;
    }
}
