using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>
/// Issue 12 acceptance 1 in headless chromium: a new company registers, adds a participant, invites a
/// colleague who registers through the mailed link, the colleague approves the demo Developer Application
/// with that participant pre-selected by euVatId, and the Admin's audit log shows who did what, when.
/// Works whether registering needs a confirmed email or not (it follows the mailed link when asked to).
/// </summary>
public sealed class OnboardingBrowserTests(AutomaticVerificationKestrelFactory host, ITestOutputHelper output) : IClassFixture<AutomaticVerificationKestrelFactory>
{
    private const string Password = "Newco-Admin-2026";

    [BrowserFact]
    public async Task NewCompany_ParticipantInvitationColleagueConsent_AuditLogTellsTheStory()
    {
        using var driver = Infrastructure.Browser.Start(1280, 900);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = $"owner-{suffix}@newco.test";
        var colleague = $"colleague-{suffix}@newco.test";
        var vat = "BE0" + Random.Shared.Next(100_000_000, 999_999_999);
        var peppolId = "0208:" + vat[2..];

        // 1. Register "Newco BV" (confirming the email when the server asks for it).
        new RegisterPage(driver, host.BaseUrl).Open().Register("Newco BV " + suffix, owner, Password);
        await SignInAsync(driver, owner, Password);
        Assert.Contains("Newco BV " + suffix, driver.FindElement(By.Id("account-name")).Text, StringComparison.Ordinal);
        Shoot(driver, "home-new-company");

        // 2. The home page leads to adding a participant.
        driver.FindElement(By.CssSelector("#get-started a[href='/settings/participants#add']")).Click();
        var participants = new ParticipantsPage(driver, host.BaseUrl).Add("Newco BV", peppolId, "BE", vat);
        Assert.Contains("Newco BV", participants.Names);
        Shoot(driver, "participants");

        // 3. Invite a colleague by email.
        var members = new MembersPage(driver, host.BaseUrl).Open().Invite(colleague);
        Assert.Contains("Invitation sent to " + colleague, members.StatusMessage, StringComparison.Ordinal);
        Shoot(driver, "members");
        var link = Assert.Single(Mailbox.Links(await Mailbox.LatestToAsync(host, colleague)));
        new TopBar(driver).LogOut();

        // 4. The colleague registers through the mailed link and lands in Newco as a Member.
        driver.Navigate().GoToUrl(link.AbsoluteUri);
        var invitation = new InvitationPage(driver);
        Assert.Contains($"to join Newco BV {suffix} as a Member", invitation.Text, StringComparison.Ordinal);
        Shoot(driver, "invitation");
        invitation.RegisterAndJoin("Colleague-Pass-2026");
        Assert.Contains("Newco BV " + suffix, driver.FindElement(By.Id("account-name")).Text, StringComparison.Ordinal);
        Assert.Contains("Member", driver.FindElement(By.TagName("main")).Text, StringComparison.Ordinal);
        new TopBar(driver).LogOut();

        // 5. The demo Developer Application sends the colleague to consent, naming the participant by euVatId;
        //    the login page says where it continues to.
        var (verifier, challenge) = OAuthFlow.NewPkce();
        driver.Navigate().GoToUrl(host.BaseUrl + OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge, "read_participant_info send_documents",
            extra: new Dictionary<string, string> { ["euVatId"] = vat.ToLowerInvariant() }));
        Assert.Contains("continue to Demo Invoicing App", driver.FindElement(By.Id("continues-to")).Text, StringComparison.Ordinal);
        Shoot(driver, "login-during-authorization");
        new LoginPage(driver, host.BaseUrl).LogIn(colleague, "Colleague-Pass-2026");
        var consent = new ConsentScreen(driver);
        var newco = await host.WithDbAsync(db => Task.FromResult(db.Participants.Single(p => p.PeppolIdKey == peppolId).Id.ToString()));
        Assert.Equal([newco], consent.CheckedParticipantIds);
        Assert.Equal([newco], consent.HighlightedParticipantIds);
        Shoot(driver, "consent-colleague");
        var redirect = consent.ApproveAndWaitForRedirect(OAuthFlow.DemoRedirect);
        Assert.Equal(OAuthFlow.DemoRedirect, redirect.GetLeftPart(UriPartial.Path));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        using var exchange = await http.PostAsync("/api/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = QueryHelpers.ParseQuery(redirect.Query)["code"].ToString(),
            ["redirect_uri"] = OAuthFlow.DemoRedirect,
            ["client_id"] = OAuthFlow.DemoApp,
            ["client_secret"] = OAuthFlow.DemoAppSecret,
            ["code_verifier"] = verifier,
        }));
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var token = (await exchange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var call = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        call.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var accountResponse = await http.SendAsync(call);
        var account = await accountResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([newco], account.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()));

        // 6. The Admin's audit log: invitation, membership, participant and consent, with who and when.
        driver.Manage().Cookies.DeleteAllCookies();
        new LoginPage(driver, host.BaseUrl).Open().LogIn(owner, Password);
        var events = new AuditLogPage(driver, host.BaseUrl).Open().Events;
        AssertEvent(events, "member.invited", "Member invited", owner);
        AssertEvent(events, "member.joined", "Member joined", colleague);
        AssertEvent(events, "participant.created", "Participant added", owner);
        AssertEvent(events, "consent.granted", "Access granted to an application", colleague);
        Assert.Equal("Settings", new TopBar(driver).CurrentSection);
        Shoot(driver, "audit-log");
    }

    private static void AssertEvent(IReadOnlyList<(string Action, string Text, string Time)> events, string action, string words, string who)
    {
        var found = events.Where(e => e.Action == action).ToList();
        Assert.True(found.Count > 0, $"no {action} in the audit log: {string.Join(" | ", events.Select(e => e.Action))}");
        var shown = found[0];
        Assert.Contains(words, shown.Text, StringComparison.Ordinal);
        Assert.Contains("by " + who, shown.Text, StringComparison.Ordinal);
        Assert.True(DateTime.TryParse(shown.Time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _), shown.Time);
    }

    /// <summary>After registering: signed in already, or (email confirmation on) follow the mailed link, then log in.</summary>
    private async Task SignInAsync(IWebDriver driver, string email, string password)
    {
        var topBar = new TopBar(driver);
        if (topBar.SignedIn)
        {
            return;
        }

        output.WriteLine("registration asked for a confirmed email: following the mailed link");
        var confirm = Mailbox.Links(await Mailbox.LatestToAsync(host, email)).First();
        driver.Navigate().GoToUrl(confirm.AbsoluteUri);
        new LoginPage(driver, host.BaseUrl).Open().LogIn(email, password);
        Assert.True(topBar.SignedIn, "not signed in after confirming the email and logging in");
        driver.Navigate().GoToUrl(host.BaseUrl + "/");
    }

    private void Shoot(IWebDriver driver, string name)
    {
        var (files, sideways) = Screens.Shoot(driver, "onboarding-" + name);
        foreach (var file in files)
        {
            output.WriteLine("screenshot: " + file);
        }

        Assert.False(sideways, $"{name} scrolls sideways on a phone");
    }
}
