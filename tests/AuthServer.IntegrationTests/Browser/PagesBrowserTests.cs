using AuthServer.IntegrationTests.Infrastructure;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>
/// Every page issue 12 added or changed, in headless chromium at 1280 and 390 px: none scrolls sideways on
/// a phone, and the screenshots (TestResults/screenshots/pages-*) are there for a person to look at.
/// </summary>
public sealed class PagesBrowserTests(KestrelAuthServerFactory host, ITestOutputHelper output) : IClassFixture<KestrelAuthServerFactory>
{
    private readonly List<string> _sideways = [];

    private void Shoot(IWebDriver driver, string name)
    {
        var (files, sideways) = Screens.Shoot(driver, "pages-" + name);
        files.ToList().ForEach(f => output.WriteLine("screenshot: " + f));
        if (sideways)
        {
            _sideways.Add(name);
        }
    }

    private void Open(IWebDriver driver, string path) => driver.Navigate().GoToUrl(host.BaseUrl + path);

    private void LogInAs(IWebDriver driver, string email, string password)
    {
        driver.Manage().Cookies.DeleteAllCookies();
        new LoginPage(driver, host.BaseUrl).Open().LogIn(email, password);
    }

    [BrowserFact]
    public async Task AdminMemberAndTwoAccountUser_EveryPageFitsAPhone()
    {
        using var driver = Infrastructure.Browser.Start(1280, 900);

        LogInAs(driver, SignedIn.AdminEmail, SignedIn.AdminPassword);
        foreach (var (path, name) in new[]
                 {
                     ("/", "home"), ("/settings", "settings"), ("/settings/members", "members"), ("/settings/participants", "participants"),
                     ("/settings/audit-log", "audit-log"), ("/settings/api-key", "api-key"), ("/settings/connected-apps", "connected-apps"),
                     ("/developers", "developers"), ("/Identity/Account/Manage", "manage-profile"), ("/Identity/Account/Manage/ChangePassword", "manage-password"),
                     ("/no-such-page", "404"),
                 })
        {
            Open(driver, path);
            Shoot(driver, name);
        }

        // A destructive action's confirmation step.
        Open(driver, "/settings/participants");
        driver.FindElements(By.CssSelector(".participant-card button.btn-outline-danger")).FirstOrDefault()?.Click();
        Shoot(driver, "participants-confirm");

        // Re-consent: Demo Company approved the CZ participant; the app now asks for BE.
        await new OAuthFlow(host).ForgetDemoAppGrantsAsync();
        Open(driver, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, "read_participant_info", extra: new Dictionary<string, string> { ["euVatId"] = "CZ12345678" }));
        new ConsentScreen(driver).ApproveAndWaitForRedirect(OAuthFlow.DemoRedirect);
        Open(driver, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, "send_documents", extra: new Dictionary<string, string> { ["euVatId"] = "BE0123456789" }));
        Assert.Equal(2, new ConsentScreen(driver).CheckedParticipantIds.Count);
        Shoot(driver, "reconsent");

        // A Member on an Admin-only page.
        LogInAs(driver, SignedIn.MemberEmail, SignedIn.MemberPassword);
        Open(driver, "/settings/api-key");
        Assert.Contains("for Admins of Demo Company", driver.FindElement(By.CssSelector("#access-denied h1")).Text, StringComparison.Ordinal);
        Shoot(driver, "member-on-admin-page");
        Open(driver, "/settings/members");
        Shoot(driver, "members-as-member");

        // A user in two accounts: the switcher, open.
        LogInAs(driver, SignedIn.IntegratorEmail, SignedIn.IntegratorPassword);
        Open(driver, "/settings/members");
        new TopBar(driver).OpenAccountSwitcher();
        Shoot(driver, "account-switcher");

        // A company without participants, asked to consent.
        var company = await TestAccounts.NewCompanyAsync(host);
        LogInAs(driver, company.AdminEmail, TestCompany.Password);
        Open(driver, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));
        Assert.Empty(driver.FindElements(By.Id("approve")));
        Shoot(driver, "consent-no-participants");

        // The invitation page of the demo data, signed out.
        driver.Manage().Cookies.DeleteAllCookies();
        Open(driver, "/invitations/demo-invitation-link-token-0000000000000000");
        Shoot(driver, "invitation");

        Assert.True(_sideways.Count == 0, "scrolls sideways on a 390 px phone: " + string.Join(", ", _sideways));
    }
}
