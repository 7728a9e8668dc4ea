using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.IntegrationTests.Operators;

/// <summary>
/// Issue 13's migration: participants that exist when it runs were live before verification existed, so they
/// become verified (an operator can still reject them); the database itself holds a verified peppolId once.
/// </summary>
public sealed class VerificationMigrationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"authserver-migration-{Guid.NewGuid():N}.db");

    private AuthServerDbContext Open()
    {
        var options = new DbContextOptionsBuilder<AuthServerDbContext>()
            .UseSqlite($"Data Source={_path}", o => o.MigrationsAssembly("AuthServer.Migrations.Sqlite"));
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
            await db.GetService<IMigrator>().MigrateAsync("Issue12Accounts");
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO Accounts (Id, Name, CreatedAt) VALUES ({account}, {"Old Co"}, {DateTime.UtcNow})");
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO Participants (Id, AccountId, Name, CountryCode, PeppolId, PeppolIdKey, CreatedAt) VALUES ({participant}, {account}, {"Old NV"}, {"BE"}, {"0208:0100200300"}, {"0208:0100200300"}, {DateTime.UtcNow})");
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
