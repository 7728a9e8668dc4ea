using System.Net;
using AuthServer.Audit;
using AuthServer.Core.Audit;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Settings;

/// <summary>/settings/audit-log (SPEC §2, §7): newest first, filtered by kind and day, keyset pages, CSV of the filtered view, retention.</summary>
public sealed class AuditLogTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private const string PagePath = "/settings/audit-log";
    private static readonly DateTime Day1 = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Day2 = new(2026, 3, 4, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>A company whose log holds 60 participant events on day 1 and 5 invitations on day 2 (and its creation).</summary>
    private async Task<(TestCompany Company, HttpClient Admin)> CompanyWithHistoryAsync()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        await host.WithDbAsync(async db =>
        {
            var actor = "user:" + await db.Users.Where(u => u.Email == company.AdminEmail).Select(u => u.Id).SingleAsync();
            for (var i = 0; i < 60; i++)
            {
                // Several events share a timestamp: the keyset's id tie-break is exercised.
                db.AuditEvents.Add(new AuditEvent { AccountId = company.AccountId, At = Day1.AddSeconds(i / 3), Actor = actor, Action = "participant.created", Target = "participant:" + i, Ip = "192.0.2.7", Detail = $"P{i:00}" });
            }

            for (var i = 0; i < 5; i++)
            {
                db.AuditEvents.Add(new AuditEvent { AccountId = company.AccountId, At = Day2.AddMinutes(i), Actor = actor, Action = "member.invited", Detail = $"=HYPERLINK(\"http://evil.example\",\"{i}\")" });
            }

            return await db.SaveChangesAsync();
        });
        return (company, await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password));
    }

    private static List<string> Details(HtmlPage page) => [.. page.All(".audit-event .detail").Select(e => e.TextContent.Trim(' ', '·'))];

    [Fact]
    public async Task FilterByKind_PagesByKeyset_NewestFirstWithoutGapsOrRepeats()
    {
        var (_, admin) = await CompanyWithHistoryAsync();

        var first = await HtmlPage.GetAsync(admin, PagePath + "?kind=participants");
        var older = first.Single("#older").GetAttribute("href")!;
        var second = await HtmlPage.GetAsync(admin, older);

        Assert.Equal(AuditTrail.PageSize, first.All(".audit-event").Count);
        Assert.Null(second.Find("#older"));
        var seen = Details(first).Concat(Details(second)).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Reverse().Select(i => $"P{i:00}"), seen);
        Assert.All(first.All(".audit-event"), e => Assert.Equal("participant.created", e.GetAttribute("data-action")));
        Assert.Contains("by admin-", first.All(".audit-event .who")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("192.0.2.7", first.All(".audit-event")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("kind=participants", older, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilterByDateRange_OnlyThoseDays()
    {
        var (_, admin) = await CompanyWithHistoryAsync();

        var day2 = await HtmlPage.GetAsync(admin, PagePath + "?from=2026-03-03&to=2026-03-04");
        var day1Members = await HtmlPage.GetAsync(admin, PagePath + "?kind=members&from=2026-03-02&to=2026-03-02");

        Assert.Equal(5, day2.All(".audit-event").Count);
        Assert.All(day2.All(".audit-event"), e => Assert.Equal("member.invited", e.GetAttribute("data-action")));
        Assert.Empty(day1Members.All(".audit-event"));
        Assert.NotNull(day1Members.Find("#no-events"));
    }

    [Fact]
    public async Task BadFilter_SaysWhatIsWrong_NeverA500()
    {
        var (_, admin) = await CompanyWithHistoryAsync();

        foreach (var query in new[] { "?from=2026-03-05&to=2026-03-01", "?from=yesterday", "?kind=nonsense", "?cursor=not-a-cursor" })
        {
            var page = await HtmlPage.GetAsync(admin, PagePath + query);
            Assert.Equal(HttpStatusCode.OK, page.Status);
        }

        Assert.Contains("before the start date", (await HtmlPage.GetAsync(admin, PagePath + "?from=2026-03-05&to=2026-03-01")).MainText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync(PagePath + "?handler=Csv&kind=nonsense")).StatusCode);
    }

    [Fact]
    public async Task Csv_HoldsEveryFilteredRow_AndNeutralizesFormulas()
    {
        var (_, admin) = await CompanyWithHistoryAsync();
        var page = await HtmlPage.GetAsync(admin, PagePath + "?kind=participants&from=2026-03-01");
        var csvLink = page.Single("#csv-download").GetAttribute("href")!;

        using var response = await admin.GetAsync(csvLink);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time_utc,event,action,who", lines[0], StringComparison.Ordinal);
        Assert.Equal(60, lines.Length - 1); // all of them, not one page
        Assert.All(lines.Skip(1), l => Assert.Contains(",participant.created,", l, StringComparison.Ordinal));

        using var members = await admin.GetAsync(PagePath + "?handler=Csv&kind=members&from=2026-03-04&to=2026-03-04");
        var rows = (await members.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Member_GetsTheAdminsOnlyPage()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var browser = await SignedIn.ClientAsync(host, member, TestCompany.Password);

        using var page = await browser.GetAsync(PagePath);
        using var csv = await browser.GetAsync(PagePath + "?handler=Csv");

        Assert.Contains("/Identity/Account/AccessDenied", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("/Identity/Account/AccessDenied", csv.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongClientSecret_ShowsInTheOwningAccountsLog()
    {
        using var api = host.CreateClient();
        using var admin = await SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);
        var wrong = await Infrastructure.Tokens.ClientCredentialsAsync(api, secret: "sk_wrong_secret_for_the_audit_log_test_000000");
        Assert.Equal("invalid_client", wrong.Error);

        HtmlPage page;
        var attempts = 0;
        do
        {
            await Task.Delay(250); // the token path queues its audit events; the writer batches them each second
            page = await HtmlPage.GetAsync(admin, PagePath + "?kind=tokens");
        }
        while (!page.All(".audit-event[data-action='token.refused']").Any() && ++attempts < 40);

        var refused = page.All(".audit-event[data-action='token.refused']").First();
        Assert.Contains("invalid_client", refused.TextContent, StringComparison.Ordinal);
        Assert.Contains("demo-api-key", refused.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_PurgesOlderEventsOnly()
    {
        await using var own = new AuthServerFactory().WithSetting("Audit:RetentionDays", "30");
        var company = await TestAccounts.NewCompanyAsync(own);
        var now = own.Time.GetUtcNow().UtcDateTime;
        await own.WithDbAsync(async db =>
        {
            db.AuditEvents.Add(new AuditEvent { AccountId = company.AccountId, At = now.AddDays(-31), Actor = "system", Action = "participant.created", Detail = "old" });
            db.AuditEvents.Add(new AuditEvent { AccountId = company.AccountId, At = now.AddDays(-29), Actor = "system", Action = "participant.created", Detail = "recent" });
            return await db.SaveChangesAsync();
        });

        var purged = await own.Services.GetRequiredService<AuditRetentionService>().PurgeAsync(CancellationToken.None);

        Assert.True(purged >= 1);
        var left = await own.WithDbAsync(db => db.AuditEvents.Where(e => e.AccountId == company.AccountId && e.Action == "participant.created").Select(e => e.Detail).ToListAsync());
        Assert.Equal(["recent"], left);
    }
}
