namespace AuthServer.Hosting;

/// <summary>Which database the server runs on (<c>Database:Provider</c>); each has its own migrations project.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
