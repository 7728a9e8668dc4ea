using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Foundation;

/// <summary>The built server as a separate process, configured the way a user configures it.</summary>
public sealed class ServerProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EnvironmentVariables_OverrideDemoValues_AndBannerPrintsLogins()
    {
        var database = Path.Combine(Path.GetTempPath(), $"authserver-process-{Guid.NewGuid():N}.db");
        try
        {
            await using (var server = await ServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["ConnectionStrings__AuthServer"] = $"Data Source={database}",
                ["Demo__AccountName"] = "Env Override Co",
                ["Demo__Participants__0__Name"] = "Env Participant",
                ["Demo__DeveloperApp__Scopes__0"] = "send_documents",
                ["Mail__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "authserver-process-mail"),
                ["Server__Sandbox"] = "true",
            }))
            {
                output.WriteLine($"ready after {server.StartupTime.TotalMilliseconds:F0} ms");
                await server.WaitForOutputAsync("Method 4");
                Assert.Contains("AuthServer is ready at http://127.0.0.1:", server.Output, StringComparison.Ordinal);
                Assert.Contains("admin@demo.test", server.Output, StringComparison.Ordinal);
                Assert.Contains("Env Override Co", server.Output, StringComparison.Ordinal);
                Assert.Contains("SANDBOX:    test data only; new client secrets are sk_test_", server.Output, StringComparison.Ordinal);
                // The demo's second membership and invitation follow renamed accounts (they name no account by its name).
                Assert.Contains("dev@integrator.test is also a Member of \"Env Override Co\"", server.Output, StringComparison.Ordinal);
                Assert.Contains("/invitations/demo-invitation-link-token-0000000000000000", server.Output, StringComparison.Ordinal);
                Assert.Contains("Operator:    operator@authserver.test / Demo-Operator-2026", server.Output, StringComparison.Ordinal);
                using var http = new HttpClient();
                Assert.Equal("Healthy", await http.GetStringAsync(server.BaseUrl + "/health/ready"));

                // The banner's method-4 line works as printed.
                var curl = System.Text.RegularExpressions.Regex.Match(server.Output, "curl \"(?<url>[^\"]*/api/lookup\\?[^\"]+)\"");
                Assert.True(curl.Success, "no lookup curl line in the banner");
                Assert.Contains("\"registered\":true", await http.GetStringAsync(curl.Groups["url"].Value), StringComparison.Ordinal);
            }

            var options = new DbContextOptionsBuilder<AuthServerDbContext>().UseSqlite($"Data Source={database}");
            options.UseOpenIddict<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();
            await using var db = new AuthServerDbContext(options.Options);
            Assert.Equal(["Env Override Co", "Integrator Ltd"], await db.Accounts.Select(a => a.Name).OrderBy(n => n).ToListAsync());
            Assert.True(await db.Participants.AnyAsync(p => p.Name == "Env Participant"));
            var app = await db.Clients.SingleAsync(c => c.ClientId == "demo-developer-app");
            Assert.Contains("scp:send_documents", app.Permissions, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }
}
