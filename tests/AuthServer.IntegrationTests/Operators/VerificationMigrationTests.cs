using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.IntegrationTests.Operators;

/// <summary>
/// Issue 13's migration: participants that exist when it runs were live before verification existed, so they
/// become verified (an operator can still reject them). On the suite's provider (SQLite, or PostgreSQL).
/// </summary>
public sealed class VerificationMigrationTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create();

    private AuthServerDbContext Open()
    {
        var options = new DbContextOptionsBuilder<AuthServerDbContext>();
        _ = _database.Provider == "PostgreSql"
            ? options.UseNpgsql(_database.ConnectionString, o => o.MigrationsAssembly("AuthServer.Migrations.PostgreSql"))
            : options.UseSqlite(_database.ConnectionString, o => o.MigrationsAssembly("AuthServer.Migrations.Sqlite"));
        options.UseOpenIddict<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();
        return new AuthServerDbContext(options.Options);
    }

    [Fact]
    public async Task ParticipantsFromBeforeVerification_AreVerifiedAfterTheMigration()
    {
        var account = Guid.NewGuid();
        var participant = Guid.NewGuid();
        await using (var db = Open())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_Issue13Verification", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO \"Accounts\" (\"Id\", \"Name\", \"CreatedAt\") VALUES ({account}, {"Old Co"}, {DateTime.UtcNow})");
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO \"Participants\" (\"Id\", \"AccountId\", \"Name\", \"CountryCode\", \"PeppolId\", \"PeppolIdKey\", \"CreatedAt\") VALUES ({participant}, {account}, {"Old NV"}, {"BE"}, {"0208:0100200300"}, {"0208:0100200300"}, {DateTime.UtcNow})");
        }

        await using (var db = Open())
        {
            await db.Database.MigrateAsync();
            var migrated = await db.Participants.AsNoTracking().SingleAsync(p => p.Id == participant);
            Assert.Equal(ParticipantStatus.Verified, migrated.Status);
            Assert.Null(migrated.AddedBy);
            Assert.Null(await db.Accounts.Where(a => a.Id == account).Select(a => a.SuspendedAt).SingleAsync());
        }
    }

    public void Dispose() => _database.Dispose();
}
