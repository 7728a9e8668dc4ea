using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AuthServer.IntegrationTests.Foundation;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_DatabaseReachable_LiveAndReady200()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Health_DatabaseCannotBeOpened_Ready503LiveStill200()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // The file disappears and a directory takes its name: SQLite cannot open it any more.
        SqliteConnection.ClearAllPools();
        var moved = factory.DatabasePath + ".moved";
        File.Move(factory.DatabasePath, moved);
        Directory.CreateDirectory(factory.DatabasePath);
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(factory.DatabasePath);
            File.Move(moved, factory.DatabasePath);
        }
    }
}
