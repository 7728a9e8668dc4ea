using AuthServer.Core.Participants;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>
/// Issue 13 acceptance 6 in headless chromium: a company claims a participant on its page (awaiting verification,
/// not offered on consent), the operator verifies it, rejects another company's claim with a reason (which that
/// company reads on its page), suspends the first company (whose people see why) and reinstates it. Every page on
/// the way is shot at 1280 and 390 px (TestResults/screenshots/operator-*) and none scrolls sideways on a phone.
/// </summary>
public sealed class OperatorBrowserTests(KestrelAuthServerFactory host, ITestOutputHelper output) : IClassFixture<KestrelAuthServerFactory>
{
    private readonly List<string> _sideways = [];

    [BrowserFact]
    public async Task Console_VerifyOneRejectOneSuspendAndReinstateAnAccount()
    {
        using var driver = Infrastructure.Browser.Start(1280, 900);
        var acme = await TestAccounts.NewCompanyAsync(host, "Acme Trading " + Guid.NewGuid().ToString("N")[..6]);
        var rival = await TestAccounts.NewCompanyAsync(host, "Rival Imports " + Guid.NewGuid().ToString("N")[..6]);
        var claimed = await TestAccounts.AddParticipantAsync(host, rival.AccountId, "Rival Claim BV", "BE0555666777", "BE", TestAccounts.NewPeppolId(),
            ParticipantStatus.Pending);

        // 1. Acme adds its company on the participants page: it awaits verification, and consent does not offer it.
        LogIn(driver, acme.AdminEmail, TestCompany.Password);
        var participants = new ParticipantsPage(driver, host.BaseUrl).Open().Add("Acme Trading NV", TestAccounts.NewPeppolId(), "BE", "BE0" + Random.Shared.Next(100_000_000, 999_999_999));
        Assert.Equal("pending", participants.Statuses["Acme Trading NV"]);
        Shoot(driver, "participants-pending");
        var acmeParticipant = await host.WithDbAsync(db => db.Participants.Where(p => p.AccountId == acme.AccountId).Select(p => p.Id).SingleAsync());
        Open(driver, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, "read_participant_info"));
        Assert.Empty(new ConsentScreen(driver).CheckedParticipantIds);
        Assert.Empty(driver.FindElements(By.Id("approve")));
        Assert.Contains("awaiting verification", driver.FindElement(By.CssSelector($"[data-participant-id='{acmeParticipant}']")).Text, StringComparison.Ordinal);
        Shoot(driver, "consent-awaiting-verification");

        // 2. The operator's console: the queue, the accounts, the log.
        LogIn(driver, SignedIn.OperatorEmail, SignedIn.OperatorPassword);
        var console = new OperatorConsolePage(driver, host.BaseUrl).Open();
        Assert.Equal("Operator", new TopBar(driver).CurrentSection);
        Assert.True(console.PendingCount >= 2);
        Shoot(driver, "console");

        // 3. Verify Acme's, reject the rival's with a reason.
        console.Verify(acmeParticipant);
        Assert.Contains("Verified Acme Trading NV", console.StatusMessage, StringComparison.Ordinal);
        Shoot(driver, "verified");
        console.OpenReject(claimed);
        Shoot(driver, "reject-form");
        console.Reject(claimed, "The enterprise register lists another company for this number.");
        Assert.Contains("Rejected Rival Claim BV", console.StatusMessage, StringComparison.Ordinal);
        Assert.Equal(ParticipantStatus.Verified, await StatusAsync(acmeParticipant));
        Assert.Equal(ParticipantStatus.Rejected, await StatusAsync(claimed));

        // 4. Suspend Acme, with a reason; then reinstate it.
        console.SuspendOrReinstate(acme.AccountId, acme.Name, "Reported for invoice fraud; under review.");
        Assert.Contains("Suspended " + acme.Name, console.StatusMessage, StringComparison.Ordinal);
        Shoot(driver, "suspended");
        Assert.NotNull(await host.WithDbAsync(db => db.Accounts.Where(a => a.Id == acme.AccountId).Select(a => a.SuspendedAt).SingleAsync()));

        LogIn(driver, acme.AdminEmail, TestCompany.Password);
        Open(driver, "/settings/participants");
        Assert.Contains("Reported for invoice fraud", driver.FindElement(By.Id("account-suspended")).Text, StringComparison.Ordinal);
        Assert.Equal("verified", new ParticipantsPage(driver, host.BaseUrl).Statuses["Acme Trading NV"]);
        Shoot(driver, "suspended-notice");

        LogIn(driver, SignedIn.OperatorEmail, SignedIn.OperatorPassword);
        console.SuspendOrReinstate(acme.AccountId, acme.Name, "Review closed: no fraud found.");
        Assert.Contains("Reinstated " + acme.Name, console.StatusMessage, StringComparison.Ordinal);
        Assert.Null(await host.WithDbAsync(db => db.Accounts.Where(a => a.Id == acme.AccountId).Select(a => a.SuspendedAt).SingleAsync()));
        console.Open();
        Assert.Equal(["account.reinstated", "account.suspended", "participant.rejected", "participant.verified"], console.LogActions.Take(4));
        console.ScrollTo("#log");
        Shoot(driver, "log");

        // 5. The rival reads why on its page.
        LogIn(driver, rival.AdminEmail, TestCompany.Password);
        Open(driver, "/settings/participants");
        Assert.Contains("another company for this number", driver.FindElement(By.CssSelector(".participant-rejected")).Text, StringComparison.Ordinal);
        Shoot(driver, "participants-rejected");

        Assert.True(_sideways.Count == 0, "scrolls sideways on a 390 px phone: " + string.Join(", ", _sideways));
    }

    private Task<ParticipantStatus> StatusAsync(Guid id) => host.WithDbAsync(db => db.Participants.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());

    private void Open(IWebDriver driver, string path) => driver.Navigate().GoToUrl(host.BaseUrl + path);

    /// <summary>Logs in afresh and waits for the signed-in page, so the next navigation carries the cookie.</summary>
    private void LogIn(IWebDriver driver, string email, string password)
    {
        driver.Manage().Cookies.DeleteAllCookies();
        new LoginPage(driver, host.BaseUrl).Open().LogIn(email, password);
        Assert.NotNull(driver.FindElement(By.Id("user-menu"))); // waits (implicitly) for the page after the login
    }

    private void Shoot(IWebDriver driver, string name)
    {
        var (files, sideways) = Screens.Shoot(driver, "operator-" + name);
        files.ToList().ForEach(f => output.WriteLine("screenshot: " + f));
        if (sideways)
        {
            _sideways.Add(name);
        }
    }
}
