using System.Net;
using AuthServer.Core.Clients;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Authorization;

/// <summary>
/// What the consent screen offers and what it accepts back (SPEC §4 method 3): participant
/// pre-selection, scopes by role, and forms that name anything beyond what was offered.
/// </summary>
public sealed class ConsentScreenTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>, IAsyncLifetime
{
    private readonly OAuthFlow _flow = new(factory);

    /// <summary>Each test starts from a first authorization: no grant left by another test of this host.</summary>
    public Task InitializeAsync() => _flow.ForgetDemoAppGrantsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpClient Browser, ConsentPage Page)> OpenAsync(string email, string password, string scope = "read_participant_info send_documents",
        Dictionary<string, string>? extra = null)
    {
        var browser = await _flow.LogInAsync(email, password);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, scope, extra: extra));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return (browser, page);
    }

    private async Task<ConsentPage> OpenAsAdminAsync(Dictionary<string, string> extra)
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, extra: extra);
        browser.Dispose();
        return page;
    }

    [Fact]
    public async Task Preselection_EuVatIdLowerCaseWithSpaces_PreselectsAndHighlightsThatParticipant()
    {
        var czech = (await _flow.ParticipantIdAsync("CZ12345678")).ToString();

        var page = await OpenAsAdminAsync(new() { ["euVatId"] = "cz 1234 5678" });

        Assert.Equal([czech], page.CheckedParticipants);
        Assert.Equal(2, page.OfferedParticipants.Count);
        var preselected = Assert.Single((await HtmlPage.FromHtmlAsync(page.Html)).All(".participant-preselected"));
        Assert.Equal(czech, preselected.GetAttribute("data-participant-id"));
        Assert.Equal(["participant", "form-check", "participant-preselected"], preselected.ClassList);
    }

    [Fact]
    public async Task Preselection_RnWithCountryCode_Preselects()
    {
        var belgian = (await _flow.ParticipantIdAsync("BE0123456789")).ToString();

        var page = await OpenAsAdminAsync(new() { ["rn"] = " 0123 456 789", ["countryCode"] = "be" });

        Assert.Equal([belgian], page.CheckedParticipants);
    }

    [Fact]
    public async Task Preselection_RnWithoutCountryCode_SelectsNothing()
    {
        var page = await OpenAsAdminAsync(new() { ["rn"] = "0123456789" });

        Assert.Empty(page.CheckedParticipants);
        Assert.Equal(2, page.OfferedParticipants.Count);
        var html = await HtmlPage.FromHtmlAsync(page.Html);
        Assert.Equal(2, html.All(".participant").Count); // the selector below looks among these
        Assert.Empty(html.All(".participant-preselected"));
    }

    [Fact]
    public async Task Preselection_EuVatIdMatches_WinsOverRnAndCountryCodeNamingAnother()
    {
        var czech = (await _flow.ParticipantIdAsync("CZ12345678")).ToString();

        var page = await OpenAsAdminAsync(new() { ["euVatId"] = "CZ12345678", ["rn"] = "0123456789", ["countryCode"] = "BE" });

        Assert.Equal([czech], page.CheckedParticipants);
    }

    [Fact]
    public async Task Preselection_EuVatIdWithoutMatch_FallsBackToRnAndCountryCode()
    {
        var belgian = (await _flow.ParticipantIdAsync("BE0123456789")).ToString();

        var page = await OpenAsAdminAsync(new() { ["euVatId"] = "DE999999999", ["rn"] = "0123456789", ["countryCode"] = "BE" });

        Assert.Equal([belgian], page.CheckedParticipants);
    }

    [Fact]
    public async Task Preselection_NoMatch_ListsEveryParticipantNoneSelected()
    {
        var page = await OpenAsAdminAsync(new() { ["euVatId"] = "NL123456789B01" }); // the other account's participant

        Assert.Empty(page.CheckedParticipants);
        Assert.Equal(2, page.OfferedParticipants.Count);
    }

    [Fact]
    public async Task Scopes_EachInPlainWordsAndTickedByDefault()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, "read_participant_info receive_documents");
        browser.Dispose();

        Assert.Equal(["read_participant_info", "receive_documents"], page.OfferedScopes);
        Assert.Equal(["read_participant_info", "receive_documents"], page.CheckedScopes);
        Assert.Contains(AuthServer.Core.Scopes.Describe("receive_documents"), page.Html, StringComparison.Ordinal);
        Assert.Contains("Demo Invoicing App", page.Html, StringComparison.Ordinal);
        Assert.Contains("Integrator Ltd", page.Html, StringComparison.Ordinal);
        Assert.Contains("https://integrator.example", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_UntickedScope_IsNotGranted()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, "read_participant_info send_documents receive_documents");
        using (browser)
        {
            var redirect = await OAuthFlow.ApproveAsync(browser, page, scopes: ["send_documents"], participants: page.OfferedParticipants.Take(1));
            Assert.True(redirect.ContainsKey("code"));
        }

        var grantScopes = await factory.WithDbAsync(db => Task.FromResult(db.Grants.Where(g => g.Client!.ClientId == OAuthFlow.DemoApp).Select(g => g.Scopes).Single()));
        Assert.Equal("send_documents", grantScopes);
    }

    [Fact]
    public async Task Approve_NoParticipantTicked_ShowsFormErrorAndGrantsNothing()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var _ = browser;

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", participants: []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Choose at least one participant", html, StringComparison.Ordinal);
        Assert.Contains("id=\"consent-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_NoScopeTicked_ShowsFormError()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var _ = browser;

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", scopes: [], participants: page.OfferedParticipants.Take(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose at least one permission", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_ParticipantOfAnotherAccount_RefusedWithoutRedirect()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var _ = browser;
        var foreign = (await _flow.ParticipantIdAsync("NL123456789B01")).ToString();

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", participants: [page.OfferedParticipants[0], foreign]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("not one of this account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("receive_all_documents")] // allowed for the app, but not requested
    [InlineData("admin")]                 // not even allowed for the app
    [InlineData("openid")]
    public async Task Approve_ScopeBeyondTheRequest_RefusedWithoutRedirect(string extraScope)
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var _ = browser;

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", scopes: [.. page.CheckedScopes, extraScope], participants: page.OfferedParticipants.Take(1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Approve_MalformedParticipantId_Refused()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var _ = browser;

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", participants: ["not-a-guid"]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Approve_AccountTheUserIsNotIn_Refused()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var _ = browser;
        var integrator = await factory.WithDbAsync(db => Task.FromResult(db.Accounts.Single(a => a.Name == "Integrator Ltd").Id.ToString()));

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", participants: page.OfferedParticipants.Take(1), accountId: integrator);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Approve_WithoutAntiforgeryToken_Rejected()
    {
        var (browser, page) = await OpenAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var _ = browser;
        var fields = Forms.HiddenFields(page.Html);
        fields.Add(new("Input.Scopes", "send_documents"));
        fields.Add(new("Input.ParticipantIds", page.OfferedParticipants[0]));

        using var response = await browser.PostAsync("/api/auth/authorize?handler=approve", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    /// <summary>A Developer Application that may carry <c>admin</c> (the demo one may not), owned by Integrator Ltd.</summary>
    private async Task<string> AdminCapableAppAsync()
    {
        const string clientId = "admin-capable-app";
        await using var scope = factory.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        var db = scope.ServiceProvider.GetRequiredService<AuthServer.Core.Data.AuthServerDbContext>();
        if (!db.Clients.Any(c => c.ClientId == clientId))
        {
            var owner = db.Accounts.Single(a => a.Name == "Integrator Ltd").Id;
            await registry.CreateAsync(new ClientRegistration(owner, ClientKind.DeveloperApp, clientId, "Admin Capable App",
                [OAuthFlow.DemoRedirect], AuthServer.Core.Scopes.All, IsPublic: true), CancellationToken.None);
        }

        return clientId;
    }

    [Fact]
    public async Task Member_AdminScopeRequested_NotOfferedAndRefusedWhenPosted()
    {
        var app = await AdminCapableAppAsync();
        using var browser = await _flow.LogInAsync(OAuthFlow.Member, OAuthFlow.MemberPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(app, OAuthFlow.NewPkce().Challenge, "admin send_documents",
            extra: new Dictionary<string, string> { ["euVatId"] = "BE0123456789" }));

        Assert.Equal(["send_documents"], page.OfferedScopes);
        Assert.Contains("id=\"admin-withheld\"", page.Html, StringComparison.Ordinal);
        using var response = await OAuthFlow.PostAsync(browser, page, "approve", scopes: ["admin", "send_documents"]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Member_ApprovesWithoutAdmin_TokenHasNoAdmin()
    {
        var app = await AdminCapableAppAsync();
        using var browser = await _flow.LogInAsync(OAuthFlow.Member, OAuthFlow.MemberPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(app, challenge, "admin send_documents",
            extra: new Dictionary<string, string> { ["euVatId"] = "BE0123456789" }));

        var code = (await OAuthFlow.ApproveAsync(browser, page))["code"];
        var token = await _flow.ExchangeAsync(code, app, secret: null, verifier);

        Assert.Equal("send_documents", token.Scope);
    }

    [Fact]
    public async Task Admin_AdminScopeOfDeveloperApp_OfferedAndGranted()
    {
        var app = await AdminCapableAppAsync();
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(app, challenge, "admin send_documents",
            extra: new Dictionary<string, string> { ["euVatId"] = "BE0123456789" }));
        Assert.Equal(["admin", "send_documents"], page.OfferedScopes);

        var code = (await OAuthFlow.ApproveAsync(browser, page))["code"];
        var token = await _flow.ExchangeAsync(code, app, secret: null, verifier);

        Assert.Equal("admin send_documents", token.Scope);
    }

    [Fact]
    public async Task Authorize_ScopeTheAppMayNotCarry_ErrorPageWithoutRedirect()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        using var response = await browser.GetAsync(OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, "admin send_documents"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
