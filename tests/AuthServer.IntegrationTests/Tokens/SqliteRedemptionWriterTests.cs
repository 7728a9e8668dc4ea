using AuthServer.Core.Data;
using AuthServer.Core.Tokens;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>
/// The group-commit writer of redemption rows. It serves SQLite only, so these hosts run on a SQLite file
/// whatever provider the suite runs on.
/// </summary>
public sealed class SqliteRedemptionWriterTests
{
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Many rows queued at once go in together; two uses of one token, queued side by side (likely in one
    /// batch), are still decided by the primary key: one is first, the other learns when that was.
    /// </summary>
    [Fact]
    public async Task RowsQueuedTogether_EachTokenRedeemedOnce_TheSecondUseSeesTheFirst()
    {
        using var database = TestDatabase.Sqlite();
        await using var factory = AuthServerFactory.OnDatabase(database);
        using var client = factory.CreateClient();
        var writer = factory.Services.GetRequiredService<SqliteRedemptionWriter>();
        var now = factory.Time.GetUtcNow().UtcDateTime;
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        TokenRedemption Row(string id) => new() { TokenId = id, FamilyId = "family-" + id, RedeemedAt = now, ExpiresAt = now.AddDays(1) };

        var uses = ids.SelectMany(id => new[] { (id, writer.RedeemAsync(Row(id), QueueTimeout)), (id, writer.RedeemAsync(Row(id), QueueTimeout)) }).ToList();
        await Task.WhenAll(uses.Select(u => u.Item2));

        foreach (var group in uses.GroupBy(u => u.id, u => u.Item2.Result))
        {
            Assert.Single(group, first => first is null);
            Assert.Single(group, first => first == now);
        }

        Assert.Equal(50, await factory.WithDbAsync(db => db.TokenRedemptions.CountAsync(r => ids.Contains(r.TokenId))));
    }

    /// <summary>A row still queued when its time is up is not written, and its request fails as the database's (503).</summary>
    [Fact]
    public async Task RowPastItsQueueTime_NotWritten_DatabaseUnavailable()
    {
        using var database = TestDatabase.Sqlite();
        await using var factory = AuthServerFactory.OnDatabase(database);
        using var client = factory.CreateClient();
        var writer = factory.Services.GetRequiredService<SqliteRedemptionWriter>();
        var now = factory.Time.GetUtcNow().UtcDateTime;
        var row = new TokenRedemption { TokenId = Guid.NewGuid().ToString("N"), FamilyId = "family", RedeemedAt = now, ExpiresAt = now.AddDays(1) };

        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => writer.RedeemAsync(row, TimeSpan.Zero));

        Assert.Null(await writer.RedeemAsync(row, QueueTimeout)); // the first use was never written
    }
}
