using System.Net;
using AuthServer.IntegrationTests.Infrastructure;

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

        using (factory.MakeDatabaseUnreachable())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
    }
}
