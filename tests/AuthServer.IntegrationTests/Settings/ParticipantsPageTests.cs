using System.Net;
using AuthServer.Core.Participants;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Settings;

/// <summary>
/// /settings/participants (SPEC §2, §7): Admins add, edit and remove participants with the API's own rules,
/// Members read, a participant with documents stays, and a removed one leaves every grant.
/// </summary>
public sealed class ParticipantsPageTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private const string PagePath = "/settings/participants";

    private static Dictionary<string, string> Fields(string name, string peppolId, string countryCode = "BE", string? euVatId = null,
        string prefix = "Input.") => new()
        {
            [prefix + "Name"] = name,
            [prefix + "PeppolId"] = peppolId,
            [prefix + "CountryCode"] = countryCode,
            [prefix + "EuVatId"] = euVatId ?? "",
        };

    private async Task<(TestCompany Company, HttpClient Admin)> CompanyAsync()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        return (company, await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password));
    }

    private Task<List<Participant>> ParticipantsAsync(Guid accountId) =>
        host.WithDbAsync(db => db.Participants.AsNoTracking().Where(p => p.AccountId == accountId).ToListAsync());

    [Fact]
    public async Task Add_Valid_StoredWithNormalizedKeysAndAudited()
    {
        var (company, admin) = await CompanyAsync();
        var peppolId = TestAccounts.NewPeppolId();

        var page = await HtmlPage.GetAsync(admin, PagePath);
        Assert.NotNull(page.Single("#add").GetAttribute("open")); // no participant yet: the form is open
        using var response = await page.SubmitAsync(admin, "#add-form", Fields("Newco BV", " " + peppolId.ToLowerInvariant() + " ", "be", "be 0999 999 999"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await ParticipantsAsync(company.AccountId));
        Assert.Equal("BE0999999999", stored.EuVatIdKey);
        Assert.Equal("BE", stored.CountryCode);
        Assert.Equal(peppolId, stored.PeppolIdKey);
        Assert.Contains("Newco BV", (await HtmlPage.GetAsync(admin, PagePath)).Text($"#name-{stored.Id}"), StringComparison.Ordinal);
        var audit = await host.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.AccountId == company.AccountId && e.Action == "participant.created"));
        Assert.Equal("participant:" + stored.Id, audit.Target);
        Assert.StartsWith("user:", audit.Actor, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PeppolId", "0208-0123", "peppolId must be scheme:value")]
    [InlineData("CountryCode", "XX", "countryCode must be an ISO 3166-1 alpha-2")]
    [InlineData("Name", "", "name is required")]
    [InlineData("Email", "two@a.test, three@a.test", "email must be one plain e-mail address")]
    public async Task Add_BreaksAnApiRule_SameMessageBesideTheFieldAndNothingStored(string field, string value, string message)
    {
        var (company, admin) = await CompanyAsync();
        var fields = Fields("Rules BV", TestAccounts.NewPeppolId());
        fields["Input." + field] = value;
        fields["Input.Email"] = field == "Email" ? value : "";

        var page = await HtmlPage.GetAsync(admin, PagePath);
        using var response = await page.SubmitAsync(admin, "#add-form", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await HtmlPage.FromAsync(admin, response);
        Assert.Contains(message, shown.Single($"#add-{field}").ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("is-invalid", shown.Single($"#add-{field}").ClassName, StringComparison.Ordinal);
        Assert.Empty(await ParticipantsAsync(company.AccountId));
    }

    [Fact]
    public async Task Add_PeppolIdOfAnotherAccountInAnySpelling_Refused()
    {
        var (company, admin) = await CompanyAsync();

        var page = await HtmlPage.GetAsync(admin, PagePath);
        using var response = await page.SubmitAsync(admin, "#add-form", Fields("Copycat", " 0106 : 1234 5678 ", "NL"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already registered on this access point", (await HtmlPage.FromAsync(admin, response)).MainText, StringComparison.Ordinal);
        Assert.Empty(await ParticipantsAsync(company.AccountId));
    }

    [Fact]
    public async Task Edit_ChangesIdentifiers_AndATakenPeppolIdIsRefused()
    {
        var (company, admin) = await CompanyAsync();
        var id = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Before BV", "BE0888888888", "BE", TestAccounts.NewPeppolId());
        var newPeppolId = TestAccounts.NewPeppolId();

        var page = await HtmlPage.GetAsync(admin, PagePath);
        using var saved = await page.SubmitAsync(admin, $"#participant-{id} form:has(input[name='Input.Name'])", Fields("After BV", newPeppolId, "FR"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var changed = Assert.Single(await ParticipantsAsync(company.AccountId));
        Assert.Equal(("After BV", "FR", newPeppolId), (changed.Name, changed.CountryCode, changed.PeppolIdKey));

        page = await HtmlPage.GetAsync(admin, PagePath);
        using var taken = await page.SubmitAsync(admin, $"#participant-{id} form:has(input[name='Input.Name'])", Fields("After BV", ApiClients.DemoBvPeppolId));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.NotNull((await HtmlPage.FromAsync(admin, taken)).Single($"#participant-{id} details").GetAttribute("open"));
        Assert.Equal(newPeppolId, Assert.Single(await ParticipantsAsync(company.AccountId)).PeppolIdKey);
    }

    [Fact]
    public async Task Remove_AsksFirst_ThenRemovesAndAudits()
    {
        var (company, admin) = await CompanyAsync();
        var id = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Gone BV", "BE0777777777", "BE", TestAccounts.NewPeppolId());

        var page = await HtmlPage.GetAsync(admin, PagePath);
        var confirm = await HtmlPage.FromAsync(admin, await page.SubmitAsync(admin, $"#participant-{id} form:has(button.btn-outline-danger)"));
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("Remove Gone BV?", confirm.Text("#confirm-title"), StringComparison.Ordinal);
        Assert.Single(await ParticipantsAsync(company.AccountId));
        using var removed = await confirm.SubmitAsync(admin, "#confirm form");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty(await ParticipantsAsync(company.AccountId));
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "participant.deleted" && e.Target == "participant:" + id)));
    }

    [Fact]
    public async Task Remove_ParticipantWithDocuments_RefusedWithTheReason()
    {
        var token = await ApiClients.ApiKeyTokenAsync(host, "send_documents");
        var belgian = await ApiClients.ParticipantIdAsync(host, ApiClients.DemoBvPeppolId);
        using var api = ApiClients.Client(host, token);
        await ApiClients.SendAsync(api, belgian, ApiClients.IntegratorPeppolId, "INV-KEEP-" + Guid.NewGuid().ToString("N")[..6]);
        using var admin = await SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);

        var page = await HtmlPage.GetAsync(admin, PagePath);
        Assert.Null(page.Find($"#participant-{belgian} form:has(button.btn-outline-danger)"));
        var token2 = page.AntiforgeryToken;
        using var forced = await admin.PostAsync($"{PagePath}?handler=Remove", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = belgian.ToString(),
            ["confirm"] = "true",
            ["__RequestVerificationToken"] = token2,
        }));

        Assert.Equal(HttpStatusCode.Conflict, forced.StatusCode);
        Assert.Contains("cannot be removed", (await HtmlPage.FromAsync(admin, forced)).Text("#participants-error"), StringComparison.Ordinal);
        Assert.True(await host.WithDbAsync(db => db.Participants.AnyAsync(p => p.Id == belgian)));
    }

    [Fact]
    public async Task RemovedParticipant_DeveloperAppTokensLoseItAtTheirNextRefresh()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var kept = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Kept BV", "BE0666666661", "BE", TestAccounts.NewPeppolId());
        var dropped = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Dropped BV", "BE0666666662", "BE", TestAccounts.NewPeppolId());
        var flow = new OAuthFlow(host);
        var token = await flow.AuthorizeAndExchangeAsync(company.AdminEmail, TestCompany.Password, participants: [kept.ToString(), dropped.ToString()]);
        Assert.Equal(2, (await flow.GetAccountAsync(token.AccessToken!)).Body.GetProperty("participants").GetArrayLength());
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);

        var confirm = await HtmlPage.FromAsync(admin, await (await HtmlPage.GetAsync(admin, PagePath)).SubmitAsync(admin, $"#participant-{dropped} form:has(button.btn-outline-danger)"));
        (await confirm.SubmitAsync(admin, "#confirm form")).Dispose();
        var refreshed = await flow.RefreshAsync(token.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var (_, account) = await flow.GetAccountAsync(refreshed.AccessToken!);
        Assert.Equal([kept.ToString()], account.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Member_ReadsButCannotChange()
    {
        var (company, _) = await CompanyAsync();
        var id = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Read Only BV", "BE0555555555", "BE", TestAccounts.NewPeppolId());
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var browser = await SignedIn.ClientAsync(host, member, TestCompany.Password);

        var page = await HtmlPage.GetAsync(browser, PagePath);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Read Only BV", page.Text($"#name-{id}"), StringComparison.Ordinal);
        Assert.Empty(page.All("form[action*='handler=']"));
        var token = page.AntiforgeryToken;
        using var added = await browser.PostAsync($"{PagePath}?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>(Fields("Sneaky", TestAccounts.NewPeppolId()))
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("AccessDenied", added.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Single(await ParticipantsAsync(company.AccountId));
    }

    [Fact]
    public async Task AnotherAccountsParticipant_NotFoundForEditAndRemove()
    {
        var (_, admin) = await CompanyAsync();
        var theirs = await ApiClients.ParticipantIdAsync(host, ApiClients.IntegratorPeppolId);
        var token = Forms.AntiforgeryToken(await admin.GetStringAsync(PagePath));

        foreach (var handler in new[] { "Update", "Remove" })
        {
            using var response = await admin.PostAsync($"{PagePath}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>(Fields("Stolen", TestAccounts.NewPeppolId()))
            {
                ["id"] = theirs.ToString(),
                ["confirm"] = "true",
                ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal("Integrator Ltd", await host.WithDbAsync(db => db.Participants.Where(p => p.Id == theirs).Select(p => p.Name).SingleAsync()));
    }
}
