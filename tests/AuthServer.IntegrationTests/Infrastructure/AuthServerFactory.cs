using AuthServer.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (Program) on a real SQLite file of its own, in Development with demo data, and a
/// clock the test moves. Share one per test class (IClassFixture) to keep the suite quick.
/// </summary>
public class AuthServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = [];
    private readonly bool _ownsDatabase;

    public AuthServerFactory()
        : this(null, null)
    {
    }

    /// <summary>A host on another factory's database file: a restart, or a second instance.</summary>
    /// <param name="time">The clock; by default one that starts now and moves only when told.</param>
    public static AuthServerFactory OnDatabase(string databasePath, FakeTimeProvider? time = null) => new(databasePath, time);

    protected AuthServerFactory(string? databasePath, FakeTimeProvider? time)
    {
        _ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"authserver-test-{Guid.NewGuid():N}.db");
        Time = time ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        MailFolder = Path.Combine(Path.GetTempPath(), $"authserver-mail-{Guid.NewGuid():N}");
    }

    public string DatabasePath { get; }
    public FakeTimeProvider Time { get; }
    public string MailFolder { get; }

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
            ["ConnectionStrings:AuthServer"] = $"Data Source={DatabasePath}",
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
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    /// <summary>A scope on the host's container, for arranging and asserting on the database.</summary>
    public async Task<T> WithDbAsync<T>(Func<AuthServerDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AuthServerDbContext>());
    }

    /// <summary>
    /// Makes the database file impossible to open (a directory takes its name) until the result is
    /// disposed: how the host behaves when its database is down.
    /// </summary>
    public IDisposable MakeDatabaseUnreachable()
    {
        SqliteConnection.ClearAllPools();
        var moved = DatabasePath + ".moved";
        File.Move(DatabasePath, moved);
        Directory.CreateDirectory(DatabasePath);
        return new Restore(() =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(DatabasePath);
            File.Move(moved, DatabasePath);
        });
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(DatabasePath + suffix);
            }

            if (Directory.Exists(MailFolder))
            {
                Directory.Delete(MailFolder, recursive: true);
            }
        }
    }
}
