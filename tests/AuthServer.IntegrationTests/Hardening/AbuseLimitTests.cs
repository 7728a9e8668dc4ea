using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// Issue 11 item 8 over real connections: a reverse proxy on loopback (Server:KnownProxies) tells the
/// server which network each request comes from (X-Forwarded-For); from anyone else that header means nothing.
/// </summary>
public sealed class AbuseLimitTests
{
    private const string NetworkA = "203.0.113.7";
    private const string NetworkB = "198.51.100.9";

    /// <summary>The limits at their shipped defaults (the shared test host lifts them), behind a known proxy.</summary>
    /// <param name="redisPrefix">With a key prefix: the limits kept in the suite's Redis, under that prefix.</param>
    private static KestrelAuthServerFactory BehindProxy(bool trustProxy = true, string? redisPrefix = null) => KestrelAuthServerFactory.With(new Dictionary<string, string?>
    {
        ["TokenEndpoint:ClientAuthFailureBurst"] = "10",
        ["Login:FailuresPerNetworkPerMinute"] = "10",
        ["Server:KnownProxies:0"] = trustProxy ? "127.0.0.1" : null,
        ["Redis:Configuration"] = redisPrefix is null ? null : RedisFactAttribute.RequireServer(),
        ["Redis:KeyPrefix"] = redisPrefix,
    });

    private static HttpClient From(KestrelAuthServerFactory host, string network)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(host.BaseUrl),
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", network);
        return client;
    }

    [Fact]
    public async Task WrongSecrets_OneNetwork_429BeforeThe12th_OtherNetworkUnaffected()
    {
        await using var host = BehindProxy();
        using var a = From(host, NetworkA);
        using var b = From(host, NetworkB);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            statuses.Add((await ClientCredentialsAsync(a, secret: "sk_guess_" + i)).Status);
        }

        var first429 = statuses.IndexOf(HttpStatusCode.TooManyRequests);
        Assert.InRange(first429, 1, 10); // zero-based: the 11th request at the latest
        Assert.All(statuses[..first429], s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        // Refilling one a minute's tenth: a few tries come back over the run, no more.
        Assert.True(statuses.Count(s => s == HttpStatusCode.Unauthorized) <= 13, $"{statuses.Count(s => s == HttpStatusCode.Unauthorized)} refusals got through");
        var blocked = await ClientCredentialsAsync(a);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.Status); // a right guess is not told apart
        Assert.True(int.Parse(blocked.Response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientCredentialsAsync(b, secret: "sk_wrong")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(b)).Status);
    }

    [Fact]
    public async Task ForwardedFor_FromPeerNotListedAsProxy_Ignored()
    {
        await using var host = BehindProxy(trustProxy: false);
        using var a = From(host, NetworkA);
        using var b = From(host, NetworkB);

        for (var i = 0; i < 10; i++)
        {
            await ClientCredentialsAsync(a, secret: "sk_guess_" + i);
        }

        // Claiming another network in a header does not escape the limit.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ClientCredentialsAsync(b)).Status);
    }

    [Fact]
    public async Task SixWrongPasswords_FromNetworkA_UserStillSignsInFromNetworkB()
    {
        await using var host = BehindProxy();
        using var a = From(host, NetworkA);
        using var b = From(host, NetworkB);

        var statuses = await WrongPasswordsAsync(a, SignedIn.IntegratorEmail, 6);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(a, SignedIn.IntegratorEmail, SignedIn.IntegratorPassword));
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(b, SignedIn.IntegratorEmail, SignedIn.IntegratorPassword));
    }

    /// <summary>
    /// With Redis the sign-in buckets are shared by every instance, and so visible to whoever reads Redis:
    /// their keys hold a hash of the address typed (bounded in length), never the address.
    /// </summary>
    [RedisFact]
    public async Task FailedSignIns_InRedis_LockOutByKeysThatHoldNoAddress()
    {
        var prefix = $"abuse-{Guid.NewGuid():N}:";
        await using var host = BehindProxy(redisPrefix: prefix);
        using var a = From(host, NetworkA);

        var statuses = await WrongPasswordsAsync(a, SignedIn.IntegratorEmail, 7);

        // The instance learns from its refused take that the shared bucket is empty: one more try may pass first.
        Assert.All(statuses[..5], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[6]);
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginAsync(a, SignedIn.IntegratorEmail, SignedIn.IntegratorPassword));
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireServer());
        var keys = redis.GetServers().Single().Keys(pattern: prefix + "*").Select(k => k.ToString()).ToList();
        Assert.Contains(keys, k => k.Contains("login-account-failed", StringComparison.Ordinal));
        Assert.All(keys, k =>
        {
            Assert.DoesNotContain("integrator", k, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@", k, StringComparison.Ordinal);
            Assert.True(k.Length < prefix.Length + 100, k);
        });
    }

    [Fact]
    public async Task FailedSignIns_OneNetwork_ThrottledForAnyAccount_OtherNetworkUnaffected()
    {
        await using var host = BehindProxy();
        using var a = From(host, NetworkA);
        using var b = From(host, NetworkB);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await LoginAsync(a, $"nobody{i}@example.test", "wrong-password"));
        }

        var page = await a.GetStringAsync("/Identity/Account/Login");
        using var throttled = await a.PostAsync("/Identity/Account/Login", LoginForm(page, SignedIn.AdminEmail, SignedIn.AdminPassword));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Contains("Too many failed sign-ins from your network", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(throttled.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(b, SignedIn.AdminEmail, SignedIn.AdminPassword));
    }

    private static async Task<List<HttpStatusCode>> WrongPasswordsAsync(HttpClient client, string email, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add(await LoginAsync(client, email, "wrong-password-" + i));
        }

        return statuses;
    }

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Identity/Account/Login");
        using var response = await client.PostAsync("/Identity/Account/Login", LoginForm(page, email, password));
        return response.StatusCode;
    }

    private static FormUrlEncodedContent LoginForm(string page, string email, string password) => new(new Dictionary<string, string>
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
    });
}
