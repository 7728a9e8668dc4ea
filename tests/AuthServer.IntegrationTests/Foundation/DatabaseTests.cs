using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Demo;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.IntegrationTests.Foundation;

public sealed class DatabaseTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task FreshDatabase_IsMigratedOnStart()
    {
        var pending = await factory.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());

        Assert.Empty(pending);
        Assert.True(File.Exists(factory.DatabasePath));
    }

    [Fact]
    public void SqliteMigrations_MatchModel()
    {
        using var db = new AuthServer.Migrations.Sqlite.DesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project migrations/AuthServer.Migrations.Sqlite");
    }

    [Fact]
    public void SqlServerMigrations_MatchModel()
    {
        using var db = new AuthServer.Migrations.SqlServer.DesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project migrations/AuthServer.Migrations.SqlServer");
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
        // WAL mode: recent writes may still sit in the -wal file.
        var text = "";
        foreach (var path in new[] { factory.DatabasePath, factory.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            text += await reader.ReadToEndAsync();
        }

        Assert.All(rows, r => Assert.Equal(32, r.Hash.Length));
        Assert.DoesNotContain("sk_demo_api_key_secret_change_me", text, StringComparison.Ordinal);
    }
}
