#pragma warning disable EF1001 // SqliteRelationalConnection is EF Core's own SQLite connection service, subclassed to change one step.
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace AuthServer.Hosting;

/// <summary>
/// EF Core's SQLite connection without the SQL functions EF registers for decimal arithmetic and regular
/// expressions. Microsoft.Data.Sqlite registers them on every open and removes them on every close (eleven
/// functions and a collation, two dozen native calls with their allocations), and EF opens once per query:
/// a measurable share of every lookup and API read. The model has no decimal property and no query uses
/// Regex; a test checks the model stays that way.
/// </summary>
public sealed class SqliteConnectionWithoutFunctions(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    protected override System.Data.Common.DbConnection CreateDbConnection() => new SqliteConnection(GetValidatedConnectionString());
}
