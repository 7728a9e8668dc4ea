using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Demo;
using AuthServer.Hosting;
using AuthServer.Identity;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.IntegrationTests.Foundation;

public sealed class DatabaseTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task FreshDatabase_IsMigratedOnStart()
    {
        var (applied, all) = await factory.WithDbAsync(async db =>
            (await db.Database.GetAppliedMigrationsAsync(), db.Database.GetMigrations()));

        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
    }

    public static TheoryData<string> Providers => [.. Enum.GetNames<DatabaseProvider>()];

    /// <summary>
    /// Each provider's migrations match the model twice over: as <c>dotnet ef</c> builds it (the
    /// design-time factory) and as the server builds it, with every service registered, so that a
    /// setting that changes the model at run time only (Identity's key lengths did) is caught here and
    /// not by a server that refuses to start on a real database.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_MatchModel(string provider)
    {
        var hint = $"Run: dotnet ef migrations add <Name> --project migrations/AuthServer.Migrations.{provider}";
        using (var designTime = DesignTimeContext(Enum.Parse<DatabaseProvider>(provider)))
        {
            Assert.False(designTime.Database.HasPendingModelChanges(), hint);
        }

        using var app = ServerServices(provider);
        using var scope = app.Services.CreateScope();
        var runtime = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();

        Assert.Equal(provider, runtime.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => "Sqlite",
            "Microsoft.EntityFrameworkCore.SqlServer" => "SqlServer",
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "PostgreSql",
            var other => other,
        });
        Assert.False(runtime.Database.HasPendingModelChanges(), "The server's model differs from the design-time model: " + hint);
    }

    /// <summary>
    /// No SQL Server runs on these machines: its migrations are at least turned into the script a DBA
    /// would run, which fails on an operation the provider cannot express.
    /// </summary>
    [Fact]
    public void SqlServerMigrations_GenerateIdempotentScript()
    {
        using var db = DesignTimeContext(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [TokenRedemptions]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Revocations]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Participants_PeppolIdKey]", script, StringComparison.Ordinal);
        foreach (var migration in db.Database.GetMigrations())
        {
            // Each migration runs only where the history does not list it yet.
            Assert.Contains($"WHERE [MigrationId] = N'{migration}'", script, StringComparison.Ordinal);
        }
    }

    private static AuthServerDbContext DesignTimeContext(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new AuthServer.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]),
        DatabaseProvider.SqlServer => new AuthServer.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]),
        _ => new AuthServer.Migrations.PostgreSql.DesignTimeFactory().CreateDbContext([]),
    };

    /// <summary>The services the server registers for a provider, without starting it or opening a connection.</summary>
    private static WebApplication ServerServices(string provider)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            // Each provider's own syntax: the server reads it with that provider's builder (to bound its waits).
            ["ConnectionStrings:AuthServer"] = provider switch
            {
                "Sqlite" => "Data Source=unused",
                "SqlServer" => "Server=unused",
                _ => "Host=unused",
            },
        });
        builder.AddAuthServerDatabase().AddAuthServerIdentity();
        return builder.Build();
    }

    /// <summary>Whichever provider the suite runs on: the SQLite configuration is checked as the server builds it.</summary>
    [Fact]
    public void Sqlite_ModelNeedsNoEfFunctions()
    {
        using var app = ServerServices(nameof(DatabaseProvider.Sqlite));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();

        // SqliteConnectionWithoutFunctions leaves out EF's decimal functions: a decimal property would need them.
        var decimals = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => Nullable.GetUnderlyingType(p.ClrType) == typeof(decimal) || p.ClrType == typeof(decimal))
            .Select(p => p.DeclaringType.Name + "." + p.Name).ToList();

        Assert.Empty(decimals);
        Assert.IsType<SqliteConnectionWithoutFunctions>(db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalConnection>());
    }

    [Fact]
    public async Task DemoSeeding_Twice_CreatesNoDuplicates()
    {
        _ = factory.Server; // started: seeded once
        await using var scope = factory.Services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);

        Assert.False(seeded);
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        Assert.Equal(2, await db.Accounts.CountAsync());
        Assert.Equal(3, await db.Clients.CountAsync());
        Assert.Equal(4, await db.Participants.CountAsync()); // three verified, the integrator's pending one
        Assert.Equal(4, await db.Users.CountAsync()); // Admin, Member, the integrator's Admin, the operator
    }

    [Fact]
    public async Task DemoSeeding_CreatesSpecifiedData()
    {
        var demo = await factory.WithDbAsync(async db => new
        {
            Clients = await db.Clients.Select(c => new { c.ClientId, c.Kind, c.AccountId }).ToListAsync(),
            Secrets = await db.ClientSecrets.CountAsync(),
            Affiliates = await db.AffiliateIds.Select(a => a.Id).ToListAsync(),
            Members = await db.Memberships.CountAsync(),
            Invitations = await db.Invitations.Select(i => new { i.Email, i.AcceptedAt }).ToListAsync(),
        });

        Assert.Contains(demo.Clients, c => c.ClientId == "demo-api-key" && c.Kind == ClientKind.ApiKey);
        Assert.Contains(demo.Clients, c => c.ClientId == "integrator-api-key" && c.Kind == ClientKind.ApiKey);
        var app = Assert.Single(demo.Clients, c => c.Kind == ClientKind.DeveloperApp);
        Assert.Equal(demo.Clients.Single(c => c.ClientId == "integrator-api-key").AccountId, app.AccountId);
        Assert.Equal(3, demo.Secrets);
        Assert.Equal(Guid.Parse("3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f"), Assert.Single(demo.Affiliates));
        Assert.Equal(4, demo.Members); // Admin, Member, the integrator's Admin, and the integrator as a Member of Demo Company
        Assert.Equal("new.colleague@demo.test", Assert.Single(demo.Invitations).Email);
    }

    [Fact]
    public async Task DemoSecrets_AreStoredOnlyAsHashes()
    {
        var rows = await factory.WithDbAsync(db => db.ClientSecrets.ToListAsync());
        var text = await factory.Database.ReadAllAsTextAsync();

        Assert.All(rows, r => Assert.Equal(32, r.Hash.Length));
        Assert.DoesNotContain("sk_demo_api_key_secret_change_me", text, StringComparison.Ordinal);
    }
}
