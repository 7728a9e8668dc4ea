using System.Net;
using System.Text.RegularExpressions;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>The built server as a process, started, refused and stopped the way an operator does it.</summary>
public sealed partial class ServerProcessHardeningTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _mail = Path.Combine(Path.GetTempPath(), $"authserver-process-mail-{Guid.NewGuid():N}");

    /// <summary>Issue 11 items 1, 3, 4: every unsafe setting named at once, before the database is touched.</summary>
    [Fact]
    public async Task Production_UnsafeSettings_RefusesToStartNamingEachKey()
    {
        var (exitCode, text) = await ServerProcess.RunToExitAsync(Environment(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Demo__Enabled"] = "true",
            ["Server__TrustForwardedHeaders"] = "true",
        }));

        output.WriteLine(text);
        Assert.NotEqual(0, exitCode);
        foreach (var key in new[] { "Auth:Issuer", "DataProtection:Certificate:Path", "DataProtection:AllowUnencryptedKeys", "Demo:Enabled",
                     "Server:TrustForwardedHeaders", "Server:KnownProxies" })
        {
            Assert.Contains(key, text, StringComparison.Ordinal);
        }

        Assert.True(await _database.ReadAllAsTextAsync() == "", "the database was written before the settings were checked");
        Assert.DoesNotContain("sk_demo_", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A database seeded by one start in Development, then served in Production as deployed: the banner
    /// shows the public origin and where mail goes, unencrypted keys (allowed explicitly) are a warning,
    /// and no demo secret is printed.
    /// </summary>
    [Fact]
    public async Task Production_SeededInDevelopment_ServesWithIssuerAndWarnsOfUnencryptedKeys()
    {
        await using (var seed = await ServerProcess.StartAsync(Environment(new())))
        {
            Assert.Equal(0, await seed.TerminateAsync());
        }

        await using var server = await ServerProcess.StartAsync(Environment(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__Issuer"] = "http://127.0.0.1:{port}/",
            ["Server__AllowHttp"] = "true",
            ["DataProtection__AllowUnencryptedKeys"] = "true",
        }));

        var mailLine = $"Mail:       written as .eml files to {_mail}";
        var output = await server.WaitForOutputAsync(mailLine);
        Assert.Contains($"AuthServer is ready at {server.BaseUrl}", output, StringComparison.Ordinal);
        Assert.Contains(mailLine, output, StringComparison.Ordinal);
        Assert.Contains("Data Protection keys are stored unencrypted (DataProtection:AllowUnencryptedKeys=true)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_demo_", output, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var token = await ClientCredentialsAsync(http);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(server.BaseUrl + "/", Decode(token.AccessToken).Payload.GetProperty("iss").GetString());
    }

    /// <summary>Issue 11 item 7, acceptance 5: SIGTERM right after 30 token requests loses none of their audit events.</summary>
    [Fact]
    public async Task Sigterm_RightAfter30TokenRequests_All30TokenIssuedEventsWritten()
    {
        await using (var server = await ServerProcess.StartAsync(Environment(new())))
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            for (var i = 0; i < 30; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(http)).Status);
            }

            Assert.Equal(0, await server.TerminateAsync());
        }

        await using var db = _database.OpenContext();
        var issued = await db.AuditEvents.Where(e => e.Action == "token.issued").Select(e => e.Detail).ToListAsync();
        // Identical issuances in one batch are one row "…; count: N (last at …)".
        Assert.Equal(30, issued.Sum(detail => Count().Match(detail ?? "") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1));
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> settings)
    {
        settings["Mail__PickupDirectory"] = _mail;
        return new Dictionary<string, string>(_database.EnvironmentVariables).Concat(settings).ToDictionary();
    }

    [GeneratedRegex("; count: (\\d+) ")]
    private static partial Regex Count();

    public void Dispose()
    {
        _database.Dispose();
        if (Directory.Exists(_mail))
        {
            Directory.Delete(_mail, recursive: true);
        }
    }
}
