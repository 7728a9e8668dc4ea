using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Foundation;

/// <summary>
/// The built server as a separate process, configured the way a user configures it, on an empty
/// database of the suite's provider (SQLite, or PostgreSQL when the suite runs on it).
/// </summary>
public sealed class ServerProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EnvironmentVariables_OverrideDemoValues_AndBannerPrintsLogins()
    {
        using var database = TestDatabase.Create();
        await using (var server = await ServerProcess.StartAsync(new Dictionary<string, string>(database.EnvironmentVariables)
        {
            ["Demo__AccountName"] = "Env Override Co",
            ["Demo__Participants__0__Name"] = "Env Participant",
            ["Demo__DeveloperApp__Scopes__0"] = "send_documents",
            ["Mail__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "authserver-process-mail"),
            ["Server__Sandbox"] = "true",
        }))
        {
            output.WriteLine($"{database.Provider}: ready after {server.StartupTime.TotalMilliseconds:F0} ms");
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
            await BannerCurlLinesWorkAsync(http, server.Output);
        }

        await using var db = database.OpenContext();
        Assert.Equal(["Env Override Co", "Integrator Ltd"], await db.Accounts.Select(a => a.Name).OrderBy(n => n).ToListAsync());
        Assert.True(await db.Participants.AnyAsync(p => p.Name == "Env Participant"));
        var app = await db.Clients.SingleAsync(c => c.ClientId == "demo-developer-app");
        Assert.Contains("scp:send_documents", app.Permissions, StringComparison.Ordinal);
    }

    /// <summary>The banner's lines for method 1 (token, renew, API call) and method 4 (lookup) work as printed.</summary>
    private static async Task BannerCurlLinesWorkAsync(HttpClient http, string banner)
    {
        var token = Regex.Match(banner, "curl -X POST (?<url>\\S+/api/auth/token) -d grant_type=client_credentials -d client_id=(?<id>\\S+) -d client_secret=(?<secret>\\S+) -d \"scope=(?<scope>[^\"]+)\"");
        Assert.True(token.Success, "no client_credentials curl line in the banner");
        using var issued = await http.PostAsync(token.Groups["url"].Value, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = token.Groups["id"].Value,
            ["client_secret"] = token.Groups["secret"].Value,
            ["scope"] = token.Groups["scope"].Value,
        }));
        var pair = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(issued.IsSuccessStatusCode, pair.ToString());

        var renew = Regex.Match(banner, "curl -X POST (?<url>\\S+/api/auth/renew) ");
        Assert.True(renew.Success, "no renew curl line in the banner");
        using var renewed = await http.PostAsJsonAsync(renew.Groups["url"].Value, new { refresh_token = pair.GetProperty("refresh_token").GetString() });
        var next = await renewed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(renewed.IsSuccessStatusCode, next.ToString());

        var account = Regex.Match(banner, "curl (?<url>\\S+/api/account) -H");
        Assert.True(account.Success, "no API curl line in the banner");
        using var request = new HttpRequestMessage(HttpMethod.Get, account.Groups["url"].Value);
        request.Headers.Authorization = new("Bearer", next.GetProperty("access_token").GetString());
        using var answered = await http.SendAsync(request);
        Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());

        var lookup = Regex.Match(banner, "curl \"(?<url>[^\"]*/api/lookup\\?[^\"]+)\"");
        Assert.True(lookup.Success, "no lookup curl line in the banner");
        Assert.Contains("\"registered\":true", await http.GetStringAsync(lookup.Groups["url"].Value), StringComparison.Ordinal);
    }
}
