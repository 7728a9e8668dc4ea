using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AuthServer.Core.Data;
using AuthServer.Hosting;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit.Abstractions;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// Issue 11 item 6: with the database in trouble every request that needs it answers 503 with Retry-After
/// in its client's format, within seconds; requests that do not need it (<c>/health/live</c>) stay fast;
/// everything works again once the database does, without a restart.
/// </summary>
public sealed class DatabaseTroubleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Acceptance 4: the database cannot be opened, or another connection holds it locked, readers shut out
    /// too, so that SQLite's own retries run out (<see cref="TestDatabase.LockEverything"/>): every kind of
    /// request answers 503 with Retry-After, <c>/health/live</c> answers within a second, and all is well
    /// again after release, in the same process.
    /// </summary>
    [Theory]
    [InlineData("unreachable")]
    [InlineData("locked")]
    public async Task DatabaseUnusable_EveryKindOfRequest503WithRetryAfter_ThenRecovers(string trouble)
    {
        await using var factory = new AuthServerFactory();
        using var api = factory.CreateClient();
        var token = await ClientCredentialsAsync(api);
        using var admin = await SignedIn.ClientAsync(factory, SignedIn.AdminEmail, SignedIn.AdminPassword);
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var loginPage = await anonymous.GetStringAsync("/Identity/Account/Login");

        var unknownAffiliate = Guid.NewGuid();
        // A known ID passes the gate from its cache, so this lookup reaches the participant read itself, on a
        // connection the lookup reader already holds open (asked once before the trouble starts).
        const string registeredLookup = "/api/lookup?affiliateId=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f&peppolId=0208:0123456789";
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(registeredLookup)).StatusCode);
        async Task<List<(string Kind, HttpResponseMessage Response)>> EveryKindAsync() =>
        [
            ("api", (await GetAsync(api, "/api/account", token.AccessToken)).Response),
            ("oauth", (await RenewAsync(api, token.RefreshToken)).Response),
            ("lookup", await api.GetAsync($"/api/lookup?affiliateId={unknownAffiliate}&peppolId=0208:0123456789")),
            // Moving the file away (unreachable) does not touch a connection that has it open; a lock does.
            .. trouble == "locked" ? [("lookup", await api.GetAsync(registeredLookup))] : Array.Empty<(string, HttpResponseMessage)>(),
            ("page", await admin.GetAsync("/settings")),
            ("login", await anonymous.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = SignedIn.MemberEmail,
                ["Input.Password"] = "not-the-password",
                ["__RequestVerificationToken"] = Forms.AntiforgeryToken(loginPage),
            }))),
            ("ready", await api.GetAsync("/health/ready")),
        ];

        using (trouble == "locked" ? factory.LockDatabase() : factory.MakeDatabaseUnreachable())
        {
            var everyKind = EveryKindAsync();
            var live = await ProbeLiveUntilAsync(api, everyKind);
            output.WriteLine($"{trouble}: /health/live x {live.Count}, slowest {live.Max().TotalMilliseconds:F0} ms");
            Assert.True(live.Max() < TimeSpan.FromSeconds(1), $"/health/live took {live.Max()}");
            foreach (var (kind, response) in await everyKind)
            {
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{kind}: {(int)response.StatusCode}");
                if (kind != "ready")
                {
                    Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
                }

                var body = await response.Content.ReadAsStringAsync();
                switch (kind)
                {
                    case "api" or "lookup":
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                        Assert.Contains("\"code\":\"ServiceUnavailable\"", body, StringComparison.Ordinal);
                        break;
                    case "oauth":
                        Assert.Contains("\"error\":\"temporarily_unavailable\"", body, StringComparison.Ordinal);
                        break;
                    case "page" or "login":
                        Assert.Contains("Temporarily unavailable", body, StringComparison.Ordinal);
                        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
                        break;
                }
            }
        }

        // Recovered, same process: the reads answer again, and a fresh token renews.
        var fresh = await ClientCredentialsAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(api, "/api/account", fresh.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await RenewAsync(api, fresh.RefreshToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health/ready")).StatusCode);
        Assert.Contains("\"registered\":true", await api.GetStringAsync(registeredLookup), StringComparison.Ordinal);
    }

    /// <summary>
    /// Another connection holds the write lock (SQLite's, as a backup tool or an open sqlite3 shell would;
    /// on PostgreSQL a lock on the redemptions table, as a long migration would): writes wait at most
    /// Database:CommandTimeout, then 503; many of them at once do not starve the thread pool, so
    /// <c>/health/live</c> answers within a second throughout; reads go on; release ends it.
    /// </summary>
    [Fact]
    public async Task WritesLockedElsewhere_Writes503Bounded_LiveStaysFast_ThenRecovers()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var reader = await ClientCredentialsAsync(client);
        var families = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            families.Add((await ClientCredentialsAsync(client)).RefreshToken);
        }

        await using var holder = factory.Database.Provider == "PostgreSql"
            ? (DbConnection)new NpgsqlConnection(factory.Database.ConnectionString)
            : new SqliteConnection(factory.Database.ConnectionString + ";Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            // EXCLUSIVE MODE still lets plain reads through, as SQLite's WAL does.
            begin.CommandText = holder is NpgsqlConnection ? "BEGIN; LOCK TABLE \"TokenRedemptions\" IN EXCLUSIVE MODE;" : "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        var renewals = families.Select(refresh => Task.Run(async () =>
        {
            var started = clock.Elapsed;
            var response = await RenewAsync(client, refresh);
            return (response, Took: clock.Elapsed - started);
        })).ToList();

        var live = await ProbeLiveUntilAsync(client, Task.WhenAll(renewals));
        var results = await Task.WhenAll(renewals);
        output.WriteLine($"renewals {results.Min(r => r.Took).TotalMilliseconds:F0}..{results.Max(r => r.Took).TotalMilliseconds:F0} ms; " +
                         $"/health/live x {live.Count}, slowest {live.Max().TotalMilliseconds:F0} ms");
        Assert.All(results, r =>
        {
            Assert.True(r.response.Status == HttpStatusCode.ServiceUnavailable, $"{(int)r.response.Status} {r.response.Json}");
            Assert.Equal("temporarily_unavailable", r.response.Error);
            Assert.Equal("5", r.response.Response.Headers.GetValues("Retry-After").Single());
        });
        // Database:CommandTimeout is 2 s: a slot's wait, then one command's busy wait, plus a loaded machine.
        Assert.True(results.Max(r => r.Took) < TimeSpan.FromSeconds(8), $"slowest 503 took {results.Max(r => r.Took)}");
        Assert.True(live.Max() < TimeSpan.FromSeconds(1), $"/health/live took {live.Max()}");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/account", reader.AccessToken)).Status);

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await RenewAsync(client, (await ClientCredentialsAsync(client)).RefreshToken)).Status);
    }

    /// <summary>
    /// A database server that accepts connections and never answers: Database:ConnectTimeout (2 s) bounds
    /// the wait, and the answer is 503 within 3 s. A host of the real database and error registrations,
    /// since the server itself refuses to start on a database it cannot migrate.
    /// </summary>
    [Theory]
    [InlineData("SqlServer")]
    [InlineData("PostgreSql")]
    public async Task DatabaseServerUnreachable_503WithinThreeSeconds(string provider)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            [$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = provider == "SqlServer"
                ? $"Server=tcp:127.0.0.1,{port};Database=AuthServer;User Id=x;Password=y;TrustServerCertificate=True"
                : $"Host=127.0.0.1;Port={port};Database=authserver;Username=x;Password=y",
        });
        builder.AddAuthServerDatabase();
        builder.Services.AddAuthServerErrors();
        await using var app = builder.Build();
        app.UseAuthServerErrors();
        app.MapGet("/api/probe", async (AuthServerDbContext db) => await db.Accounts.CountAsync());
        await app.StartAsync();
        using var client = app.GetTestClient();

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/api/probe");
        clock.Stop();

        output.WriteLine($"{provider}: 503 after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("ServiceUnavailable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        silent.Stop();
        accepted.ForEach(c => c.Dispose());
    }

    /// <summary><c>/health/live</c> asked every 100 ms (each answer 200) until <paramref name="work"/> is done: how long each took.</summary>
    private static async Task<List<TimeSpan>> ProbeLiveUntilAsync(HttpClient client, Task work)
    {
        var live = new List<TimeSpan>();
        do
        {
            var probe = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            live.Add(probe.Elapsed);
            await Task.Delay(100);
        }
        while (!work.IsCompleted);

        return live;
    }
}
