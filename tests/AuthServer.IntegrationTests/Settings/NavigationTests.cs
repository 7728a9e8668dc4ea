using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Settings;

/// <summary>The home page, the top bar (sections, account switcher), and the Identity pages in our layout.</summary>
public sealed class NavigationTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private HttpClient Anonymous() => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task UserInTwoAccounts_SwitcherInTheTopBarChangesTheAccountEveryPageActsIn()
    {
        using var browser = await SignedIn.ClientAsync(host, SignedIn.IntegratorEmail, SignedIn.IntegratorPassword);

        var page = await HtmlPage.GetAsync(browser, "/settings/members");
        var switcher = page.Single("#account-switcher");
        Assert.Equal("Integrator Ltd", switcher.QuerySelector("summary .menu-label")!.TextContent);
        Assert.Equal(["Integrator Ltd · Admin", "Demo Company · Member"],
            switcher.QuerySelectorAll("button").Select(b => string.Join(' ', b.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        var demo = await host.WithDbAsync(db => db.Accounts.Where(a => a.Name == ApiClients.DemoAccount).Select(a => a.Id).SingleAsync());
        using var switched = await page.SubmitAsync(browser, "#account-switcher form", buttonSelector: $"button[value='{demo}']");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/settings/members", switched.Headers.Location!.OriginalString);
        var after = await HtmlPage.GetAsync(browser, "/settings/members");
        Assert.Contains("Who belongs to Demo Company", after.MainText, StringComparison.Ordinal);
        Assert.Equal("Demo Company", after.Text("#account-switcher summary .menu-label"));
    }

    [Fact]
    public async Task Switch_FromAnItemPage_LandsOnItsSectionAndNeverOffSite()
    {
        using var browser = await SignedIn.ClientAsync(host, SignedIn.IntegratorEmail, SignedIn.IntegratorPassword);
        var page = await HtmlPage.GetAsync(browser, "/accounts/switch");
        var integrator = await host.WithDbAsync(db => db.Accounts.Where(a => a.Name == ApiClients.IntegratorAccount).Select(a => a.Id).SingleAsync());
        var token = page.AntiforgeryToken;

        foreach (var (returnUrl, landing) in new[] { ("/developers/" + OAuthFlow.DemoApp, "/developers"), ("https://evil.example/", "/"), ("//evil.example", "/") })
        {
            using var response = await browser.PostAsync("/accounts/switch", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["accountId"] = integrator.ToString(),
                ["returnUrl"] = returnUrl,
                ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(landing, response.Headers.Location!.OriginalString);
        }

        using var foreign = await browser.PostAsync("/accounts/switch", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["accountId"] = Guid.NewGuid().ToString(),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Theory]
    [InlineData("/", "Home")]
    [InlineData("/settings/audit-log", "Settings")]
    [InlineData("/developers/new", "Developers")]
    public async Task TopBar_MarksTheCurrentSection(string path, string section)
    {
        using var browser = await SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);

        var page = await HtmlPage.GetAsync(browser, path);

        Assert.Equal(section, page.Text(".sections a[aria-current='page']"));
    }

    [Fact]
    public async Task MemberOnAnAdminPage_ToldItIsForAdminsAndWhoTheyAre()
    {
        using var member = await SignedIn.ClientAsync(host, SignedIn.MemberEmail, SignedIn.MemberPassword);
        using var refused = await member.GetAsync("/settings/api-key");

        var page = await HtmlPage.GetAsync(member, refused.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("API key is for Admins of Demo Company", page.Text("#access-denied h1"));
        Assert.Contains(SignedIn.AdminEmail, page.Text("#account-admins"), StringComparison.Ordinal);
        Assert.NotNull(page.Find("#access-denied a[href='/settings']"));
    }

    [Fact]
    public async Task LoginDuringAnAuthorization_SaysWhichAppItContinuesTo()
    {
        using var anonymous = Anonymous();
        using var challenge = await anonymous.GetAsync(OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);

        var login = await HtmlPage.GetAsync(anonymous, challenge.Headers.Location!.PathAndQuery);

        var banner = login.Text("#continues-to");
        Assert.Contains("Log in to continue to Demo Invoicing App, an application by Integrator Ltd", string.Join(' ', banner.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        foreach (var crafted in new[] { "/Identity/Account/Login?ReturnUrl=%2Fsettings", "/Identity/Account/Login?ReturnUrl=%2Fapi%2Fauth%2Fauthorize%3Fclient_id%3Dnobody",
                     "/Identity/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2Fapi%2Fauth%2Fauthorize%3Fclient_id%3Ddemo-developer-app" })
        {
            Assert.Null((await HtmlPage.GetAsync(anonymous, crafted)).Find("#continues-to"));
        }
    }

    [Fact]
    public async Task ManagePages_InOurLayout_NoPhoneField()
    {
        using var browser = await SignedIn.ClientAsync(host, SignedIn.IntegratorEmail, SignedIn.IntegratorPassword);

        var profile = await HtmlPage.GetAsync(browser, "/Identity/Account/Manage");
        var password = await HtmlPage.GetAsync(browser, "/Identity/Account/Manage/ChangePassword");

        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Empty(profile.All("input[name*='Phone']"));
        Assert.Equal("Your login", profile.Text("main h1"));
        Assert.Equal(["Integrator Ltd", "Demo Company"], profile.All("#profile-accounts li span:first-child").Select(e => e.TextContent));
        Assert.NotNull(profile.Find(".topbar"));
        Assert.Equal("Your login", password.Text("main h1"));
        Assert.NotNull(password.Find(".manage-nav a.active[href='/Identity/Account/Manage/ChangePassword']"));
    }

    [Fact]
    public async Task DeletingTheLogin_RefusedForTheOnlyAdminOfAnAccount()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        using var browser = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);

        var page = await HtmlPage.GetAsync(browser, "/Identity/Account/Manage/DeletePersonalData");
        Assert.Contains(company.Name, page.Text("#sole-admin"), StringComparison.Ordinal);
        var token = page.AntiforgeryToken;
        using var forced = await browser.PostAsync("/Identity/Account/Manage/DeletePersonalData", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Password"] = TestCompany.Password,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Conflict, forced.StatusCode);
        Assert.True(await host.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == company.AdminEmail)));
    }

    [Fact]
    public async Task DeletingTheLogin_AMemberLeavesEveryAccountWithAnAuditEvent()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var browser = await SignedIn.ClientAsync(host, member, TestCompany.Password);

        var page = await HtmlPage.GetAsync(browser, "/Identity/Account/Manage/DeletePersonalData");
        using var deleted = await page.SubmitAsync(browser, "#delete-user", new Dictionary<string, string> { ["Input.Password"] = TestCompany.Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await host.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == member)));
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.AccountId == company.AccountId && e.Action == "member.left")));
    }

    [Fact]
    public async Task Home_SignedIn_TheAccountAtAGlanceWithNextSteps()
    {
        using var browser = await SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);

        var home = await HtmlPage.GetAsync(browser, "/");

        Assert.Equal("Demo Company", home.Text("#account-name"));
        Assert.Contains("Demo Company CZ s.r.o.", home.Text("#home-participants"), StringComparison.Ordinal);
        Assert.Contains("demo-api-key", home.Text("#home-api-key"), StringComparison.Ordinal);
        Assert.NotNull(home.Find("#home-connected-apps a[href='/settings/connected-apps']"));
        Assert.NotNull(home.Find("#home-developers a[href='/docs']"));
        Assert.NotNull(home.Find(".sections a[href='/docs']"));
        Assert.Null(home.Find("#get-started")); // it has participants
        Assert.DoesNotContain(home.All("a"), a => a.GetAttribute("href")?.Contains(".well-known", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Home_NewCompanyWithoutParticipants_LeadsToAddingOne()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        using var browser = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);

        var home = await HtmlPage.GetAsync(browser, "/");

        Assert.NotNull(home.Find("#get-started a[href='/settings/participants#add']"));
    }

    [Fact]
    public async Task Home_Anonymous_LoginRegisterAndDocs()
    {
        var home = await HtmlPage.GetAsync(Anonymous(), "/");

        Assert.NotNull(home.Find("main a[href='/Identity/Account/Login']"));
        Assert.NotNull(home.Find("main a[href='/Identity/Account/Register']"));
        Assert.NotNull(home.Find("a[href='/docs']"));
    }
}
