using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Authorization;

/// <summary>
/// The consent screen for an app the account already granted (it shows the grant, ticked, beside what is
/// requested, and says what changes: nothing is dropped silently), and for an account without participants.
/// </summary>
public sealed class ReconsentTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>, IAsyncLifetime
{
    private readonly OAuthFlow _flow = new(factory);

    public Task InitializeAsync() => _flow.ForgetDemoAppGrantsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(string Scopes, List<Guid> Participants)> DemoGrantAsync() => factory.WithDbAsync(async db =>
    {
        var grant = await db.Grants.AsNoTracking().Where(g => g.Client!.ClientId == OAuthFlow.DemoApp && g.Account!.Name == ApiClients.DemoAccount)
            .Select(g => new { g.Scopes, Participants = g.Participants.Select(p => p.ParticipantId).ToList() }).SingleAsync();
        return (grant.Scopes, grant.Participants);
    });

    private async Task<ConsentPage> OpenAsync(HttpClient browser, string scope, string euVatId, string challenge) =>
        await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge, scope, extra: new Dictionary<string, string> { ["euVatId"] = euVatId }));

    [Fact]
    public async Task CzechApproved_BelgianRequested_BothTickedAndApprovingKeepsBoth()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");
        var belgian = await _flow.ParticipantIdAsync("BE0123456789");
        var first = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, scope: "read_participant_info",
            extra: new Dictionary<string, string> { ["euVatId"] = "CZ12345678" });
        Assert.Equal([czech], (await DemoGrantAsync()).Participants);
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();

        var page = await OpenAsync(browser, "send_documents", "BE0123456789", challenge);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        // Both sides sorted: the ids are random, so which comes first differs from run to run.
        Assert.Equal(new[] { belgian.ToString(), czech.ToString() }.Order(), page.CheckedParticipants.Order());
        Assert.Equal(["read_participant_info", "send_documents"], page.CheckedScopes);
        var html = await HtmlPage.FromHtmlAsync(page.Html);
        Assert.Contains("Connected to Demo Company since", html.Text("#connected-since"), StringComparison.Ordinal);
        Assert.Contains("connected", html.Single($"[data-participant-id='{czech}']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Requested", html.Single($"[data-participant-id='{belgian}']").TextContent, StringComparison.Ordinal);
        var changes = html.Text("#consent-changes");
        Assert.Contains("adds access to Demo Company BV", changes, StringComparison.Ordinal);
        Assert.Contains("adds create and send documents", changes, StringComparison.Ordinal);
        Assert.DoesNotContain("takes away", changes, StringComparison.Ordinal);

        var code = (await OAuthFlow.ApproveAsync(browser, page))["code"];
        var token = await _flow.ExchangeAsync(code, OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, verifier);

        var grant = await DemoGrantAsync();
        Assert.Equal(new[] { belgian, czech }.Order(), grant.Participants.Order());
        Assert.Equal("read_participant_info send_documents", grant.Scopes);
        Assert.Equal("send_documents", token.Scope); // this authorization's token: what this request asked for
        var (_, account) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(new[] { belgian.ToString(), czech.ToString() }.Order(), account.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()).Order());
        var refreshed = await _flow.RefreshAsync(first.RefreshToken!);
        Assert.Equal("read_participant_info", refreshed.Scope); // the first integration runs on
    }

    [Fact]
    public async Task SameRequestAgain_SaysNothingChanges()
    {
        await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, extra: new Dictionary<string, string> { ["euVatId"] = "CZ12345678" });
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        var page = await OpenAsync(browser, "read_participant_info send_documents", "CZ12345678", OAuthFlow.NewPkce().Challenge);

        Assert.Contains("Nothing changes", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntickingAConnectedParticipant_TakesItAwayAndSaysSoWhenShownAgain()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");
        var belgian = await _flow.ParticipantIdAsync("BE0123456789");
        await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, participants: [czech.ToString(), belgian.ToString()]);
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OpenAsync(browser, "send_documents", "BE0123456789", OAuthFlow.NewPkce().Challenge);

        // Nothing ticked among the requested scopes: the form comes back, saying what the ticks would change.
        using var incomplete = await OAuthFlow.PostAsync(browser, page, "approve", scopes: ["read_participant_info"], participants: [belgian.ToString()]);
        var shown = await incomplete.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        Assert.Contains("takes away access to Demo Company CZ s.r.o.", System.Net.WebUtility.HtmlDecode(shown), StringComparison.Ordinal);
        await OAuthFlow.ApproveAsync(browser, page, scopes: ["read_participant_info", "send_documents"], participants: [belgian.ToString()]);

        Assert.Equal([belgian], (await DemoGrantAsync()).Participants);
    }

    [Fact]
    public async Task AccountWithoutParticipants_NoApproveButtonSaysWhyAndLinksAdminsToAddOne()
    {
        var company = await TestAccounts.NewCompanyAsync(factory);
        var member = await TestAccounts.AddMemberAsync(factory, company.AccountId);
        using var admin = await _flow.LogInAsync(company.AdminEmail, TestCompany.Password);

        var page = await HtmlPage.GetAsync(admin, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Find("#approve"));
        Assert.NotNull(page.Find("#deny"));
        Assert.Contains("has no participant yet", page.Text("#no-participants"), StringComparison.Ordinal);
        Assert.Equal("/settings/participants#add", page.Single("#add-participant").GetAttribute("href"));

        using var memberBrowser = await _flow.LogInAsync(member, TestCompany.Password);
        var memberPage = await HtmlPage.GetAsync(memberBrowser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));
        Assert.Null(memberPage.Find("#approve"));
        Assert.Null(memberPage.Find("#add-participant"));
        Assert.Contains(company.AdminEmail, memberPage.Text("#no-participants"), StringComparison.Ordinal);

        // A forged approval is refused, never granted.
        var consent = await OAuthFlow.OpenAsync(admin, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));
        using var forced = await OAuthFlow.PostAsync(admin, consent, "approve", participants: []);
        Assert.Equal(HttpStatusCode.BadRequest, forced.StatusCode);
        Assert.Null(forced.Headers.Location);
        Assert.False(await factory.WithDbAsync(db => db.Grants.AnyAsync(g => g.AccountId == company.AccountId)));
    }

    [Fact]
    public async Task ConnectedAppsIsALink()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        var page = await HtmlPage.GetAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));

        Assert.Equal("Settings › Connected apps", page.Single("a[href='/settings/connected-apps']").TextContent);
    }
}
