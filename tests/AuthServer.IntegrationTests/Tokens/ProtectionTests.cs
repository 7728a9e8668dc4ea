using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>Rate limits and failure answers around the token endpoint and the API (SPEC §5, §8).</summary>
public sealed class ProtectionTests
{
    [Fact]
    public async Task TokenEndpoint_RepeatedRefusals_429WithRetryAfterEvenForGoodCredentials()
    {
        await using var factory = new AuthServerFactory().WithSetting("TokenEndpoint:FailedPerMinute", "5");
        using var client = factory.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ClientCredentialsAsync(client, secret: "sk_guess_" + i)).Status);
        }

        var blocked = await ClientCredentialsAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status);
        Assert.Equal("RateLimited", blocked.Json.GetProperty("code").GetString());
        Assert.True(int.Parse(blocked.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task TokenEndpoint_OverRequestBudget_429()
    {
        await using var factory = new AuthServerFactory().WithSetting("TokenEndpoint:PermitPerMinute", "3");
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await ClientCredentialsAsync(client)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Api_DatabaseUnreachable_503ServiceUnavailableProblem()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var token = await ClientCredentialsAsync(client);

        using (factory.MakeDatabaseUnreachable())
        {
            var (status, json, response) = await GetAsync(client, "/api/account", token.AccessToken);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("ServiceUnavailable", json.GetProperty("code").GetString());
        }
    }
}
