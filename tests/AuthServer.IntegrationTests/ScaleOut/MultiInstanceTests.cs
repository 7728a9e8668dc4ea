using System.Diagnostics;
using System.Net;
using AuthServer.Core.Accounts;
using AuthServer.Core.Operators;
using AuthServer.Core.Tokens;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.IntegrationTests.Lookup;
using AuthServer.OAuth;
using Microsoft.Extensions.DependencyInjection;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.ScaleOut;

/// <summary>
/// Two instances on one database, as behind a load balancer (SPEC §8: several instances share
/// everything), with and without a Redis of their own (a key prefix no other test uses).
/// </summary>
public sealed class MultiInstanceTests
{
    private static readonly Dictionary<string, string> LiftedFailureLimits = new()
    {
        ["Lookup:FailedPerIpPerMinute"] = "100000",
    };

    private static Instances TwoInstances(bool redis, Dictionary<string, string>? settings = null)
    {
        var a = new AuthServerFactory();
        var b = AuthServerFactory.OnDatabase(a.Database, a.Time);
        var prefix = $"test-{Guid.NewGuid():N}:";
        foreach (var host in new[] { a, b })
        {
            if (redis)
            {
                host.WithRedis(RedisFactAttribute.RequireServer(), prefix);
            }

            foreach (var (key, value) in settings ?? [])
            {
                host.WithSetting(key, value);
            }
        }

        var clientA = a.CreateClient(); // A migrates and seeds before B starts.
        return new Instances(a, b, clientA, b.CreateClient());
    }

    /// <summary>Two hosts on one database (and one clock), and a client of each.</summary>
    private sealed record Instances(AuthServerFactory A, AuthServerFactory B, HttpClient ClientA, HttpClient ClientB) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            ClientA.Dispose();
            ClientB.Dispose();
            await B.DisposeAsync();
            await A.DisposeAsync();
        }
    }

    [RedisFact]
    public async Task Revocation_OnOneInstance_RefusedOnTheOtherWithin100ms()
    {
        await using var instances = TwoInstances(redis: true);
        var (a, b, clientA, clientB) = instances;

        // Timed where B applies the rule (its cache), not by B's HTTP answers: on a loaded 2-core CI machine
        // one in-memory API call alone took 200 ms. Five in a row (the 1 s poll alone would land within
        // 100 ms once in ten), after one untimed revocation that also compiles the path (JIT).
        var cacheB = b.Services.GetRequiredService<RevocationCache>();
        var timings = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var token = await ClientCredentialsAsync(clientA);
            var family = Family(token.AccessToken);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientB, "/api/account", token.AccessToken)).Status);
            var applied = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnAdded(Revocation rule)
            {
                if (rule.Subject == family)
                {
                    applied.TrySetResult(Stopwatch.GetTimestamp());
                }
            }

            cacheB.Added += OnAdded;
            var revoked = await PostFormAsync(clientA, "/api/auth/revoke", new() { ["token"] = token.RefreshToken }, Basic(ApiKeyId, ApiKeySecret));
            var answeredAt = Stopwatch.GetTimestamp();
            Assert.Equal(HttpStatusCode.OK, revoked.Status);
            var appliedAt = await applied.Task.WaitAsync(TimeSpan.FromSeconds(5));
            cacheB.Added -= OnAdded;
            await TimeUntilRefusedAsync(clientB, token.AccessToken);
            if (i > 0)
            {
                // Zero when B had the rule before A's answer reached the test.
                timings.Add(appliedAt > answeredAt ? Stopwatch.GetElapsedTime(answeredAt, appliedAt) : TimeSpan.Zero);
            }
        }

        // Every one within 100 ms (the poll alone would pass this once in 100,000): 8 runs at load average 12
        // gave 40 of 40 within 6 ms.
        var said = $"applied on B {string.Join(", ", timings.Select(x => $"{x.TotalMilliseconds:F0} ms"))} after A answered";
        Assert.All(timings, t => Assert.True(t < TimeSpan.FromMilliseconds(100), said));
    }

    /// <summary>Both halves of the broadcast, apart from the database: what an instance publishes, and what it applies.</summary>
    [RedisFact]
    public async Task Revocation_TravelsOverRedis_NotOnlyThroughTheDatabase()
    {
        await using var instances = TwoInstances(redis: true);
        var (a, b, clientA, clientB) = instances;
        var prefix = a.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthServer.Redis.RedisOptions>>().Value.KeyPrefix;
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisFactAttribute.RequireServer());
        var channel = StackExchange.Redis.RedisChannel.Literal(prefix + "revocations");
        var published = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await redis.GetSubscriber().SubscribeAsync(channel, (_, message) => published.TrySetResult(message.ToString()));

        var revoked = await ClientCredentialsAsync(clientA);
        await PostFormAsync(clientA, "/api/auth/revoke", new() { ["token"] = revoked.RefreshToken }, Basic(ApiKeyId, ApiKeySecret));
        var message = await published.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(Family(revoked.AccessToken), message, StringComparison.Ordinal);

        // A rule no database holds: only the message can refuse this token.
        var token = await ClientCredentialsAsync(clientB);
        var now = a.Time.GetUtcNow().UtcDateTime;
        await redis.GetSubscriber().PublishAsync(channel, System.Text.Json.JsonSerializer.Serialize(new
        {
            Id = long.MaxValue, Kind = RevocationKind.Family, Subject = Family(token.AccessToken), RevokedAt = now, ExpiresAt = now.AddDays(31),
        }));
        // Each instance applies the message on its own Redis connection: B having it says nothing of A yet.
        await TimeUntilRefusedAsync(clientB, token.AccessToken);
        await TimeUntilRefusedAsync(clientA, token.AccessToken);
        Assert.False(await a.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Revocations, r => r.Subject == Family(token.AccessToken))));
    }

    /// <summary>
    /// A suspension reaches the other instance over Redis, as a revocation does (issue 13): applied from the
    /// message itself, so timed where B's set flips, five times in a row (after one untimed round, JIT).
    /// Reinstating is never taken from a message: B reads it from the database, within SPEC §4's second.
    /// </summary>
    [RedisFact]
    public async Task Suspension_OnOneInstance_AppliedOnTheOtherWithin100ms()
    {
        await using var instances = TwoInstances(redis: true);
        var (a, b, _, _) = instances;
        var company = await TestAccounts.NewCompanyAsync(a);
        var suspendedOnB = b.Services.GetRequiredService<SuspendedAccounts>();
        var actor = new OperatorActor("operator-test", SignedIn.OperatorEmail, null);
        var suspensions = new List<TimeSpan>();
        var reinstatements = new List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            var suspend = i % 2 == 0;
            await using (var scope = a.Services.CreateAsyncScope())
            {
                var change = scope.ServiceProvider.GetRequiredService<AccountSuspensions>();
                var result = suspend
                    ? await change.SuspendAsync(company.AccountId, "timing " + i, actor, CancellationToken.None)
                    : await change.ReinstateAsync(company.AccountId, "timing " + i, actor, CancellationToken.None);
                Assert.Equal(OperatorOutcome.Done, result.Outcome);
            }

            var watch = Stopwatch.StartNew();
            while (suspendedOnB.IsSuspended(company.AccountId) != suspend && watch.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(2);
            }

            Assert.Equal(suspend, suspendedOnB.IsSuspended(company.AccountId));
            if (i > 1)
            {
                (suspend ? suspensions : reinstatements).Add(watch.Elapsed);
            }
        }

        string Said(List<TimeSpan> timings, string what) => $"{what} on B {string.Join(", ", timings.Select(x => $"{x.TotalMilliseconds:F0} ms"))} after A";
        Assert.True(suspensions.Count(t => t < TimeSpan.FromMilliseconds(100)) >= 4, Said(suspensions, "suspended"));
        Assert.All(suspensions.Concat(reinstatements), t => Assert.True(t < TimeSpan.FromSeconds(1.5), Said(suspensions, "suspended") + "; " + Said(reinstatements, "reinstated")));
    }

    [Fact]
    public async Task Revocation_WithoutRedis_ReachesTheOtherInstanceByDatabasePoll()
    {
        await using var instances = TwoInstances(redis: false);
        var (a, b, clientA, clientB) = instances;
        var token = await ClientCredentialsAsync(clientA);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(clientB, "/api/account", token.AccessToken)).Status);

        await PostFormAsync(clientA, "/api/auth/revoke", new() { ["token"] = token.RefreshToken }, Basic(ApiKeyId, ApiKeySecret));
        var elapsed = await TimeUntilRefusedAsync(clientB, token.AccessToken);

        Assert.True(elapsed < TimeSpan.FromSeconds(1.5), $"refused after {elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>
    /// On a database server with several writers a rule's id can become visible after a higher one (ids
    /// are handed out at insert, rows appear at commit): the poll must not skip it.
    /// </summary>
    [Fact]
    public async Task Poll_RuleCommittedAfterAHigherId_IsStillApplied()
    {
        await using var host = new AuthServerFactory();
        using var client = host.CreateClient();
        var early = await ClientCredentialsAsync(client);
        var late = await ClientCredentialsAsync(client);
        var sync = host.Services.GetRequiredService<TokenStateSync>();
        var next = await host.WithDbAsync(async db => (db.Revocations.Max(r => (long?)r.Id) ?? 0) + 1);

        await AddRuleAsync(host, next + 1, Family(early.AccessToken));
        await sync.PollAsync(CancellationToken.None);
        await AddRuleAsync(host, next, Family(late.AccessToken)); // the lower id, committed later
        await sync.PollAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/account", early.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/account", late.AccessToken)).Status);
    }

    [Fact]
    public async Task RefreshRotationAndReuse_AcrossInstances_RevokeTheFamilyEverywhere()
    {
        await using var instances = TwoInstances(redis: false);
        var (a, b, clientA, clientB) = instances;
        var first = await ClientCredentialsAsync(clientA);

        var rotated = await RenewAsync(clientB, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        a.Time.Advance(TimeSpan.FromSeconds(6)); // past the reuse leeway, on both (one clock)
        var reused = await RenewAsync(clientA, first.RefreshToken);

        Assert.Equal("invalid_grant", reused.Error);
        // B learns of the family's revocation from the database within a poll interval.
        var elapsed = await TimeUntilRefusedAsync(clientB, rotated.AccessToken);
        Assert.True(elapsed < TimeSpan.FromSeconds(1.5), $"refused after {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("invalid_grant", (await RenewAsync(clientB, rotated.RefreshToken)).Error);
    }

    [RedisFact]
    public async Task AffiliateQuota_IsOneBudgetForBothInstances()
    {
        await using var instances = TwoInstances(redis: true, LiftedFailureLimits);
        var (a, _, clientA, clientB) = instances;
        var affiliate = await Affiliates.CreateAsync(a, permitPerMinute: 20);
        var url = Affiliates.LookupUrl(affiliate, "peppolId=0208:0123456789");

        var granted = new Dictionary<string, int> { ["A"] = 0, ["B"] = 0 };
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 40; i++)
        {
            var (name, client) = i % 2 == 0 ? ("A", clientA) : ("B", clientB);
            using var response = await client.GetAsync(url);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests });
            granted[name] += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        // 20 a minute in all, plus what refilled while the test ran (one every 3 s), not 20 each.
        Assert.InRange(granted["A"] + granted["B"], 20, 21 + (int)(watch.Elapsed.TotalSeconds / 3));
        Assert.True(granted["A"] > 0 && granted["B"] > 0);
    }

    [RedisFact]
    public async Task TokenEndpointBudget_IsOneBudgetForBothInstances()
    {
        await using var instances = TwoInstances(redis: true, new() { ["TokenEndpoint:PermitPerMinute"] = "4" });
        var (a, b, clientA, clientB) = instances;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await ClientCredentialsAsync(i % 2 == 0 ? clientA : clientB)).Status);
        }

        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    /// <summary>Calls the API with the token every few milliseconds until it is refused (401); how long that took.</summary>
    private static async Task<TimeSpan> TimeUntilRefusedAsync(HttpClient client, string accessToken)
    {
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await GetAsync(client, "/api/account", accessToken)).Status) == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(2);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        return watch.Elapsed;
    }

    private static string Family(string accessToken) => Decode(accessToken).Payload.GetProperty(TokenClaims.FamilyId).GetString()!;

    private static Task<int> AddRuleAsync(AuthServerFactory host, long id, string family) =>
        host.WithDbAsync(db =>
        {
            var now = host.Time.GetUtcNow().UtcDateTime;
            db.Revocations.Add(new Revocation { Id = id, Kind = RevocationKind.Family, Subject = family, RevokedAt = now, ExpiresAt = now.AddDays(31) });
            return db.SaveChangesAsync();
        });
}
