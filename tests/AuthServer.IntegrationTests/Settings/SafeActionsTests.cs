using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Settings;

/// <summary>
/// Pages as a browser without JavaScript uses them: the page that shows a new secret, reloaded (its form
/// posted again), creates nothing more; every destructive action asks first, and only the confirmation acts.
/// </summary>
public sealed class SafeActionsTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private static readonly Dictionary<string, string> AppFields = new()
    {
        ["Input.Description"] = "Reload test",
        ["Input.HomepageUrl"] = "https://reload.example",
        ["Input.RedirectUris"] = "https://reload.example/callback",
        ["Input.Scopes"] = "send_documents",
    };

    private async Task<(TestCompany Company, HttpClient Admin)> CompanyAsync()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        return (company, await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password));
    }

    /// <summary>A form posted twice with exactly the same fields: what the browser's reload of the answer does.</summary>
    private static async Task<(HttpResponseMessage First, HttpResponseMessage Again)> PostTwiceAsync(HttpClient client, HtmlPage page, string form,
        IDictionary<string, string>? values = null)
    {
        var first = await page.SubmitAsync(client, form, values);
        var again = await page.SubmitAsync(client, form, values);
        return (first, again);
    }

    private Task<int> SecretsOfAsync(string clientId) => host.WithDbAsync(db => db.ClientSecrets.CountAsync(s => s.Client!.ClientId == clientId));

    [Fact]
    public async Task NewApp_Reloaded_LeavesExactlyOneApp()
    {
        var (company, admin) = await CompanyAsync();
        var name = "Reload " + Guid.NewGuid().ToString("N")[..8];
        var page = await HtmlPage.GetAsync(admin, "/developers/new");

        var (first, again) = await PostTwiceAsync(admin, page, "#app-form", new Dictionary<string, string>(AppFields) { ["Input.Name"] = name });

        var created = await HtmlPage.FromAsync(admin, first);
        Assert.StartsWith("sk_live_", created.Text("#client-secret"), StringComparison.Ordinal);
        var reloaded = await HtmlPage.FromAsync(admin, again);
        Assert.Equal(HttpStatusCode.OK, reloaded.Status);
        Assert.NotNull(reloaded.Find("#already-created"));
        Assert.Null(reloaded.Find("#client-secret"));
        Assert.Equal(1, await host.WithDbAsync(db => db.Clients.CountAsync(c => c.AccountId == company.AccountId && c.DisplayName == name)));
        Assert.True(first.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task RotateSecret_Reloaded_CreatesOneSecretOnly()
    {
        var (_, admin) = await CompanyAsync();
        var created = await HtmlPage.FromAsync(admin, await (await HtmlPage.GetAsync(admin, "/developers/new"))
            .SubmitAsync(admin, "#app-form", new Dictionary<string, string>(AppFields) { ["Input.Name"] = "Rotating app" }));
        var clientId = created.Text("#client-id");
        var app = await HtmlPage.GetAsync(admin, "/developers/" + clientId);

        var (first, again) = await PostTwiceAsync(admin, app, "form:has(#rotate-secret)");

        Assert.StartsWith("sk_live_", (await HtmlPage.FromAsync(admin, first)).Text("#new-secret"), StringComparison.Ordinal);
        var reloaded = await HtmlPage.FromAsync(admin, again);
        Assert.Null(reloaded.Find("#new-secret"));
        Assert.Contains("already sent", reloaded.Text("#secrets-error"), StringComparison.Ordinal);
        Assert.Equal(2, await SecretsOfAsync(clientId));
    }

    [Fact]
    public async Task ApiKeySecret_Reloaded_CreatesOneSecretOnly()
    {
        var (company, admin) = await CompanyAsync();
        var page = await HtmlPage.GetAsync(admin, "/settings/api-key");
        var clientId = page.Single("#clientId").GetAttribute("value")!;

        var (first, again) = await PostTwiceAsync(admin, page, "form[action*='CreateSecret']");

        Assert.NotNull((await HtmlPage.FromAsync(admin, first)).Find("#new-secret"));
        Assert.Null((await HtmlPage.FromAsync(admin, again)).Find("#new-secret"));
        Assert.Equal(1, await SecretsOfAsync(clientId));
        Assert.Equal(1, await host.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.AccountId == company.AccountId && e.Action == "secret.created")));
    }

    /// <summary>
    /// Presses the page's button (its form posted as is), checks that only a confirmation came back and
    /// nothing changed, then confirms.
    /// </summary>
    private async Task<HttpResponseMessage> ConfirmedAsync(HttpClient client, string path, string form, Func<Task<bool>> stillThere)
    {
        var page = await HtmlPage.GetAsync(client, path);
        var asked = await HtmlPage.FromAsync(client, await page.SubmitAsync(client, form));
        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.NotNull(asked.Find("#confirm"));
        Assert.Equal(path.Split('?')[0], asked.Single("#confirm-cancel").GetAttribute("href"));
        Assert.True(await stillThere(), $"{path}: the first post changed something");
        return await asked.SubmitAsync(client, "#confirm form");
    }

    [Fact]
    public async Task EveryDestructiveAction_AsksFirst_AndActsOnlyOnConfirmation()
    {
        var (company, admin) = await CompanyAsync();
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        var memberId = await host.WithDbAsync(db => db.Users.Where(u => u.Email == member).Select(u => u.Id).SingleAsync());
        var participant = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Doomed BV", "BE0444444444", "BE", TestAccounts.NewPeppolId());
        var kept = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Kept BV", "BE0444444445", "BE", TestAccounts.NewPeppolId());

        // API key secret.
        var apiKey = await HtmlPage.GetAsync(admin, "/settings/api-key");
        (await apiKey.SubmitAsync(admin, "form[action*='CreateSecret']")).Dispose();
        var apiKeyId = (await HtmlPage.GetAsync(admin, "/settings/api-key")).Single("#clientId").GetAttribute("value")!;
        using (var deleted = await ConfirmedAsync(admin, "/settings/api-key", "form[action*='DeleteSecret']", async () => await SecretsOfAsync(apiKeyId) == 1))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.Equal(0, await SecretsOfAsync(apiKeyId));

        // A Developer Application's secret, then the application.
        var created = await HtmlPage.FromAsync(admin, await (await HtmlPage.GetAsync(admin, "/developers/new"))
            .SubmitAsync(admin, "#app-form", new Dictionary<string, string>(AppFields) { ["Input.Name"] = "Doomed app" }));
        var clientId = created.Text("#client-id");
        using (var deleted = await ConfirmedAsync(admin, "/developers/" + clientId, ".secret form", async () => await SecretsOfAsync(clientId) == 1))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.Equal(0, await SecretsOfAsync(clientId));
        Task<bool> AppExists() => host.WithDbAsync(db => db.Clients.AnyAsync(c => c.ClientId == clientId));
        using (var deleted = await ConfirmedAsync(admin, "/developers/" + clientId, "#delete-app form", AppExists))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.False(await AppExists());

        // A connected app.
        var flow = new OAuthFlow(host);
        await flow.AuthorizeAndExchangeAsync(company.AdminEmail, TestCompany.Password, participants: [kept.ToString()]);
        Task<bool> Granted() => host.WithDbAsync(db => db.Grants.AnyAsync(g => g.AccountId == company.AccountId));
        using (var revoked = await ConfirmedAsync(admin, "/settings/connected-apps", ".connected-app form", Granted))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        Assert.False(await Granted());

        // An affiliate ID.
        var affiliates = await HtmlPage.GetAsync(admin, "/settings/affiliate-ids");
        (await affiliates.SubmitAsync(admin, "#create-form", new Dictionary<string, string> { ["Input.Label"] = "Doomed widget" })).Dispose();
        Task<bool> AffiliateActive() => host.WithDbAsync(db => db.AffiliateIds.AnyAsync(a => a.AccountId == company.AccountId && a.RevokedAt == null));
        using (var revoked = await ConfirmedAsync(admin, "/settings/affiliate-ids", "form[action*='handler=Revoke']", AffiliateActive))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        Assert.False(await AffiliateActive());

        // A member.
        Task<bool> IsMember() => host.WithDbAsync(db => db.Memberships.AnyAsync(m => m.AccountId == company.AccountId && m.UserId == memberId));
        using (var removed = await ConfirmedAsync(admin, "/settings/members", $"[data-user-id='{memberId}'] form:has(button.btn-outline-danger)", IsMember))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.False(await IsMember());

        // A participant.
        Task<bool> ParticipantExists() => host.WithDbAsync(db => db.Participants.AnyAsync(p => p.Id == participant));
        using (var removed = await ConfirmedAsync(admin, "/settings/participants", $"#participant-{participant} form:has(button.btn-outline-danger)", ParticipantExists))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.False(await ParticipantExists());
    }

    [Fact]
    public async Task Leave_AsksFirst()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var browser = await SignedIn.ClientAsync(host, member, TestCompany.Password);
        Task<bool> IsMember() => host.WithDbAsync(db => db.Memberships.AnyAsync(m => m.AccountId == company.AccountId && m.User!.Email == member));

        using var left = await ConfirmedAsync(browser, "/settings/members", "form:has(#leave)", IsMember);

        Assert.Equal(HttpStatusCode.Redirect, left.StatusCode);
        Assert.False(await IsMember());
        Assert.Contains($"You left {company.Name}", (await HtmlPage.GetAsync(browser, "/")).MainText, StringComparison.Ordinal);
    }
}
