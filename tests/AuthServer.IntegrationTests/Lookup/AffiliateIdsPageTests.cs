using System.Diagnostics;
using System.Net;
using AuthServer.Core.Affiliates;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Lookup.Affiliates;

namespace AuthServer.IntegrationTests.Lookup;

public sealed class AffiliateIdsPageTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private const string PagePath = "/settings/affiliate-ids";

    private Task<HttpClient> AdminAsync() => SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, Dictionary<string, string> fields) =>
        SignedIn.PostFormAsync(client, PagePath, handler, fields);

    private static Dictionary<string, string> Form(string label, string limit = "", string origins = "", Guid? id = null)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.Label"] = label,
            ["Input.PermitPerMinute"] = limit,
            ["Input.AllowedOrigins"] = origins,
        };
        if (id is { } value)
        {
            form["id"] = value.ToString();
        }

        return form;
    }

    private Task<List<AffiliateId>> LabelledAsync(string label) =>
        host.WithDbAsync(db => db.AffiliateIds.AsNoTracking().Where(a => a.Label == label).ToListAsync());

    [Fact]
    public async Task AffiliateIdsPage_Anonymous_RedirectsToLogin()
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(PagePath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Forbidden, as the Identity cookie answers it to a browser: a redirect to its access-denied page.</summary>
    private static void AssertForbidden(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AffiliateIdsPage_Member_IsForbidden()
    {
        using var member = await SignedIn.ClientAsync(host, SignedIn.MemberEmail, SignedIn.MemberPassword);

        using var page = await member.GetAsync(PagePath);
        var index = await member.GetStringAsync("/settings");

        AssertForbidden(page);
        Assert.DoesNotContain(PagePath, index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AffiliateIdsPage_MemberPostingRevoke_IsForbiddenAndNothingChanges()
    {
        var affiliate = await CreateAsync(host);
        using var member = await SignedIn.ClientAsync(host, SignedIn.MemberEmail, SignedIn.MemberPassword);
        var token = Forms.AntiforgeryToken(await member.GetStringAsync("/Identity/Account/Manage"));

        using var response = await member.PostAsync($"{PagePath}?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = affiliate.ToString(),
            ["__RequestVerificationToken"] = token,
        }));

        AssertForbidden(response);
        Assert.Null((await LoadAsync(host, affiliate)).RevokedAt);
    }

    [Fact]
    public async Task AffiliateIdsPage_Admin_ListsIdsWithUsageAndIsLinkedFromSettings()
    {
        var affiliate = await CreateAsync(host);
        using (var lookups = host.CreateClient())
        {
            for (var i = 0; i < 4; i++)
            {
                (await lookups.GetAsync(LookupUrl(affiliate, "peppolId=0208:0123456789"))).Dispose();
            }
        }

        using var admin = await AdminAsync();
        var page = await admin.GetStringAsync(PagePath);
        var index = await admin.GetStringAsync("/settings");

        Assert.Contains("3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f", page, StringComparison.Ordinal);
        Assert.Contains("Demo website", page, StringComparison.Ordinal);
        var card = page[page.IndexOf($"id=\"affiliate-{affiliate}\"", StringComparison.Ordinal)..];
        Assert.Contains("<dd class=\"col-sm-8 requests-today\">4</dd>", card, StringComparison.Ordinal); // counted in memory, not yet written
        Assert.Contains(PagePath, index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithLabelLimitAndOrigins_SavesNormalizedAndAudits()
    {
        using var admin = await AdminAsync();

        using var response = await PostAsync(admin, "Create", Form("Checkout widget", "120", "HTTPS://Shop.Example/\nhttp://localhost:3000, https://shop.example"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var created = Assert.Single(await LabelledAsync("Checkout widget"));
        Assert.Equal(120, created.PermitPerMinute);
        Assert.Equal("https://shop.example http://localhost:3000", created.AllowedOrigins);
        Assert.Null(created.RevokedAt);
        Assert.Equal(await host.WithDbAsync(db => db.Accounts.Where(a => a.Name == "Demo Company").Select(a => a.Id).SingleAsync()), created.AccountId);
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.Action == "affiliate_id.created" && e.Target == created.Id.ToString() && e.AccountId == created.AccountId && e.Actor.StartsWith("user:"))));

        var page = await admin.GetStringAsync(PagePath);
        Assert.Contains(created.Id.ToString(), page, StringComparison.Ordinal);
        using var lookup = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await lookup.GetAsync(LookupUrl(created.Id, "peppolId=0208:0123456789"))).StatusCode);
    }

    [Fact]
    public async Task Create_WithoutAntiforgeryToken_Returns400()
    {
        using var admin = await AdminAsync();

        using var response = await admin.PostAsync($"{PagePath}?handler=Create", new FormUrlEncodedContent(Form("No token")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await LabelledAsync("No token"));
    }

    [Theory]
    [InlineData("", "", "", "Give the ID a label")]
    [InlineData("Bad limit", "0", "", "from 1 to 1,000,000")]
    [InlineData("Bad limit", "1000001", "", "from 1 to 1,000,000")]
    [InlineData("Bad limit", "lots", "", "is not valid")]
    [InlineData("Bad origin", "", "http://shop.example", "must use https")]
    [InlineData("Bad origin", "", "https://shop.example/widget", "no path")]
    [InlineData("Bad origin", "", "*", "wildcards")]
    [InlineData("Bad origin", "", "https://*.shop.example", "wildcards")]
    [InlineData("Bad origin", "", "shop.example", "must look like")]
    [InlineData("Bad origin", "", "javascript:alert(1)", "must look like")]
    public async Task Create_InvalidInput_ShowsErrorAndCreatesNothing(string label, string limit, string origins, string error)
    {
        using var admin = await AdminAsync();
        var before = await host.WithDbAsync(db => db.AffiliateIds.CountAsync());

        using var response = await PostAsync(admin, "Create", Form(label, limit, origins));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid-feedback", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(error), html, StringComparison.Ordinal);
        Assert.Equal(before, await host.WithDbAsync(db => db.AffiliateIds.CountAsync()));
    }

    [Fact]
    public async Task Update_LimitAndOrigins_TakeEffectOnNextLookup()
    {
        var affiliate = await CreateAsync(host, permitPerMinute: 1);
        var url = LookupUrl(affiliate, "peppolId=0208:0123456789");
        using var lookups = host.CreateClient();
        (await lookups.GetAsync(url)).Dispose();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await lookups.GetAsync(url)).StatusCode);
        using var admin = await AdminAsync();

        using var response = await PostAsync(admin, "Update", Form("Raised", "100", "https://shop.example", affiliate));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://shop.example");
        using var after = await lookups.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("https://shop.example", after.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var stored = await LoadAsync(host, affiliate);
        Assert.Equal(("Raised", 100), (stored.Label, stored.PermitPerMinute));
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "affiliate_id.updated" && e.Target == affiliate.ToString())));
    }

    [Fact]
    public async Task Update_InvalidOrigin_KeepsStoredValuesAndShowsErrorOnThatCard()
    {
        var affiliate = await CreateAsync(host, allowedOrigins: "https://kept.example");
        using var admin = await AdminAsync();

        using var response = await PostAsync(admin, "Update", Form("Changed", "", "ftp://files.example", affiliate));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var card = html[html.IndexOf($"id=\"affiliate-{affiliate}\"", StringComparison.Ordinal)..];
        Assert.Contains("ftp://files.example: must look like", WebUtility.HtmlDecode(card[..card.IndexOf("</article>", StringComparison.Ordinal)]), StringComparison.Ordinal);
        Assert.Contains("<details class=\"mt-2\" open=\"open\">", card, StringComparison.Ordinal);
        Assert.Equal("https://kept.example", (await LoadAsync(host, affiliate)).AllowedOrigins);
    }

    [Fact]
    public async Task Revoke_OnPage_LookupsRefusedWithin5Seconds()
    {
        var affiliate = await CreateAsync(host);
        var url = LookupUrl(affiliate, "peppolId=0208:0123456789");
        using var lookups = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await lookups.GetAsync(url)).StatusCode); // now cached
        using var admin = await AdminAsync();

        using var response = await PostAsync(admin, "Revoke", new Dictionary<string, string> { ["id"] = affiliate.ToString(), ["confirm"] = "true" });
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var lookup = await lookups.GetAsync(url);
            status = lookup.StatusCode;
        }
        while (status == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(6));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"refused only after {watch.Elapsed}");
        Assert.NotNull((await LoadAsync(host, affiliate)).RevokedAt);
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "affiliate_id.revoked" && e.Target == affiliate.ToString())));
        Assert.Contains("Revoked", await admin.GetStringAsync(PagePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_Twice_AuditsOnce()
    {
        var affiliate = await CreateAsync(host);
        using var admin = await AdminAsync();

        (await PostAsync(admin, "Revoke", new Dictionary<string, string> { ["id"] = affiliate.ToString(), ["confirm"] = "true" })).Dispose();
        using var again = await PostAsync(admin, "Revoke", new Dictionary<string, string> { ["id"] = affiliate.ToString(), ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await host.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "affiliate_id.revoked" && e.Target == affiliate.ToString())));
    }

    [Fact]
    public async Task Revoke_AnotherAccountsId_Returns404AndLeavesItActive()
    {
        var theirs = await CreateAsync(host, accountName: "Integrator Ltd");
        using var admin = await AdminAsync();

        using var response = await PostAsync(admin, "Revoke", new Dictionary<string, string> { ["id"] = theirs.ToString(), ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null((await LoadAsync(host, theirs)).RevokedAt);
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("invalid")]
    public async Task Update_AnotherAccountsId_Returns404AndChangesNothing(string input)
    {
        var theirs = await CreateAsync(host, accountName: "Integrator Ltd", allowedOrigins: "https://theirs.example");
        using var admin = await AdminAsync();

        using var response = await PostAsync(admin, "Update", Form("Hijacked", "", input == "valid" ? "https://mine.example" : "http://mine.example", theirs));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var stored = await LoadAsync(host, theirs);
        Assert.Equal("https://theirs.example", stored.AllowedOrigins);
        Assert.NotEqual("Hijacked", stored.Label);
    }

    [Fact]
    public async Task Update_RevokedId_Returns404()
    {
        var revoked = await CreateAsync(host, revoked: true);
        using var admin = await AdminAsync();

        using var response = await PostAsync(admin, "Update", Form("Revived", "", "", revoked));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("Revived", (await LoadAsync(host, revoked)).Label);
    }
}
