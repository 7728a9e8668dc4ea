using AuthServer.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (Program) on a real database of its own (<see cref="TestDatabase"/>: SQLite, or
/// PostgreSQL when the suite is given one), in Development with demo data, and a clock the test moves.
/// Share one per test class (IClassFixture) to keep the suite quick.
/// </summary>
public class AuthServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = [];
    private readonly bool _ownsDatabase;

    public AuthServerFactory()
        : this(null, null)
    {
    }

    /// <summary>A host on another factory's database: a restart, or a second instance.</summary>
    /// <param name="time">The clock; by default one that starts now and moves only when told.</param>
    public static AuthServerFactory OnDatabase(TestDatabase database, FakeTimeProvider? time = null) => new(database, time);

    protected AuthServerFactory(TestDatabase? database, FakeTimeProvider? time)
    {
        _ownsDatabase = database is null;
        Database = database ?? TestDatabase.Create();
        Time = time ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        MailFolder = Path.Combine(Path.GetTempPath(), $"authserver-mail-{Guid.NewGuid():N}");
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; }
    public string MailFolder { get; }

    /// <summary>The host's log entries, once <see cref="CaptureLogs"/> was called before it started.</summary>
    public CapturingLoggerProvider? Logs { get; private set; }

    public AuthServerFactory CaptureLogs()
    {
        Logs = new CapturingLoggerProvider();
        return this;
    }

    /// <summary>Shares limits and revocations through this Redis, under a prefix the instances of one test have in common.</summary>
    public AuthServerFactory WithRedis(string server, string keyPrefix) =>
        WithSetting("Redis:Configuration", server).WithSetting("Redis:KeyPrefix", keyPrefix);

    /// <summary>Overrides one setting, as an environment variable or appsettings.{Environment}.json would.</summary>
    public AuthServerFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = Database.Provider,
            ["ConnectionStrings:AuthServer"] = Database.ConnectionString,
            ["Mail:PickupDirectory"] = MailFolder,
            // Every test request comes from one address: tests of error cases would otherwise trip the
            // limits meant for guessers. Their own tests set them back.
            ["TokenEndpoint:FailedPerMinute"] = "100000",
            ["TokenEndpoint:ClientAuthFailureBurst"] = "100000",
            ["Login:FailuresPerNetworkPerMinute"] = "100000",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            if (Logs is not null)
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            }
        });
    }

    /// <summary>A scope on the host's container, for arranging and asserting on the database.</summary>
    public async Task<T> WithDbAsync<T>(Func<AuthServerDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AuthServerDbContext>());
    }

    /// <summary>The database cannot be opened until the result is disposed: how the host behaves when its database is down.</summary>
    public IDisposable MakeDatabaseUnreachable() => Database.MakeUnreachable();

    /// <summary>
    /// <see cref="TestDatabase.LockEverything"/>, after the lookup reader's idle connections are closed as the
    /// test database closes EF Core's pooled ones: SQLite cannot lock readers out while another connection has
    /// the file open.
    /// </summary>
    public IDisposable LockDatabase()
    {
        Services.GetRequiredService<AuthServer.Lookup.LookupReader>().CloseIdleConnections();
        return Database.LockEverything();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
        {
            Database.Dispose();
            if (Directory.Exists(MailFolder))
            {
                Directory.Delete(MailFolder, recursive: true);
            }
        }
    }
}
