using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.IntegrationTests.Lookup;
using StackExchange.Redis;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.ScaleOut;

/// <summary>SPEC §8: Redis helps, it is never needed. Without it: per-instance limits, Degraded, never a 5xx.</summary>
public sealed class RedisOutageTests
{
    private const string Warning = "Redis cannot be reached";

    [Fact]
    public async Task RedisUnreachableFromTheStart_ServesEveryMethod_ReadyDegraded_WarnsOnce()
    {
        // Nothing listens on port 1.
        await using var host = new LookupHost().WithRedis("127.0.0.1:1", "test:").CaptureLogs();
        using var client = host.CreateClient();

        await AssertServingAsync(client);
        await AssertServingAsync(client);

        await AssertReadyAsync(client, "Degraded");
        Assert.True(host.Logs!.Entries.Count(e => e.Contains(Warning, StringComparison.Ordinal)) == 1, string.Join("\n", host.Logs.Entries.Where(e => e.Contains("Redis", StringComparison.Ordinal))));
    }

    [RedisFact]
    public async Task RedisStoppedMidRun_RequestsKeepSucceeding_ReadyDegraded_ThenSharedAgain()
    {
        await using var relay = new TcpRelay(RedisFactAttribute.RequireServer());
        var prefix = $"test-{Guid.NewGuid():N}:";
        await using var host = new LookupHost().WithRedis(relay.Address, prefix).CaptureLogs();
        using var client = host.CreateClient();
        await AssertReadyAsync(client, "Healthy");
        await AssertServingAsync(client);

        relay.Cut();
        for (var i = 0; i < 5; i++)
        {
            await AssertServingAsync(client);
        }

        await AssertReadyAsync(client, "Degraded");
        Assert.Single(host.Logs!.Entries, e => e.Contains(Warning, StringComparison.Ordinal));

        relay.Resume();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await client.GetStringAsync("/health/ready") != "Healthy" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await AssertReadyAsync(client, "Healthy");
        await AssertServingAsync(client);
        Assert.Contains(host.Logs.Entries, e => e.Contains("Redis answers again", StringComparison.Ordinal));
        // The limits are in Redis again.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireServer());
        var keys = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: prefix + "rl:*").ToList();
        Assert.Contains(keys, k => k.ToString().StartsWith(prefix + "rl:lookup:", StringComparison.Ordinal));
    }

    /// <summary>Method 1 (token, renew, API call) and method 4 (lookup) answer as usual.</summary>
    private static async Task AssertServingAsync(HttpClient client)
    {
        var token = await ClientCredentialsAsync(client);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var renewed = await RenewAsync(client, token.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/account", renewed.AccessToken)).Status);
        using var lookup = await client.GetAsync(Affiliates.LookupUrl(LookupHost.DemoAffiliateId, "peppolId=0208:0123456789"));
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
    }

    private static async Task AssertReadyAsync(HttpClient client, string expected)
    {
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(expected, await ready.Content.ReadAsStringAsync());
    }
}
