using System.Net;
using System.Security.Claims;
using AuthServer.Core.Accounts;
using AuthServer.Core.Operators;
using AuthServer.Core.Participants;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Operators;

/// <summary>
/// /operator (SPEC §7; issue 13 acceptance 4): a 404 to everyone but the operators, for GET and POST alike and
/// before any antiforgery check; what the operators see; every action in the account's audit log (as
/// "operator") and in the operator log.
/// </summary>
public sealed class OperatorConsoleTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    /// <summary>The demo's pending participant (Demo:OtherAccount:Participants, "Pending": true).</summary>
    private const string DemoPendingPeppolId = "0208:0987654321";

    public static TheoryData<string?> NonOperators => new()
    {
        null, // not signed in
        SignedIn.AdminEmail,
        SignedIn.MemberEmail,
        SignedIn.IntegratorEmail,
    };

    private static readonly string[] Paths =
    [
        "/operator", "/operator/", "/Operator", "/operator?handler=Verify", "/operator/index", "/operator/accounts", "/operator/log?before=1",
    ];

    private async Task<HttpClient> ClientAsync(string? email) => email is null
        ? host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
        : await SignedIn.ClientAsync(host, email, email switch
        {
            SignedIn.AdminEmail => SignedIn.AdminPassword,
            SignedIn.MemberEmail => SignedIn.MemberPassword,
            _ => SignedIn.IntegratorPassword,
        });

    [Theory]
    [MemberData(nameof(NonOperators))]
    public async Task NonOperator_Gets404OnEveryOperatorUrl_GetAndPost_WithOrWithoutAntiforgery(string? email)
    {
        using var client = await ClientAsync(email);
        var pending = await ApiClients.ParticipantIdAsync(host, DemoPendingPeppolId);
        using var notAPage = await client.GetAsync("/no-such-page-" + Guid.NewGuid().ToString("N"));
        var notFoundBody = Forms.WithoutAntiforgery(await notAPage.Content.ReadAsStringAsync());
        // A real antiforgery token of this client (from a page it may see), as a cross-site attacker cannot have, and a forger may.
        var token = (await HtmlPage.GetAsync(client, email is null ? "/Identity/Account/Login" : "/settings/members")).AntiforgeryToken;

        foreach (var path in Paths)
        {
            using var get = await client.GetAsync(path);
            Assert.True(get.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {(int)get.StatusCode}");
            Assert.Equal(notFoundBody, Forms.WithoutAntiforgery(await get.Content.ReadAsStringAsync()));
        }

        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
        {
            ("Verify", new() { ["id"] = pending.ToString() }),
            ("Reject", new() { ["id"] = pending.ToString(), ["reason"] = "forged" }),
            ("Suspend", new() { ["accountId"] = (await AccountIdAsync(ApiClients.IntegratorAccount)).ToString(), ["reason"] = "forged" }),
        })
        {
            using var bare = await client.PostAsync($"/operator?handler={handler}", new FormUrlEncodedContent(fields));
            Assert.True(bare.StatusCode == HttpStatusCode.NotFound, $"POST {handler} without antiforgery: {(int)bare.StatusCode}");
            using var withToken = await client.PostAsync($"/operator?handler={handler}",
                new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
            Assert.True(withToken.StatusCode == HttpStatusCode.NotFound, $"POST {handler} with a token: {(int)withToken.StatusCode}");
        }

        Assert.Equal(ParticipantStatus.Pending, await host.WithDbAsync(db => db.Participants.Where(p => p.Id == pending).Select(p => p.Status).SingleAsync()));
        Assert.False(await host.WithDbAsync(db => db.Accounts.AnyAsync(a => a.SuspendedAt != null)));
        Assert.False(await host.WithDbAsync(db => db.OperatorLog.AnyAsync(e => e.Detail!.Contains("forged"))));
    }

    [Fact]
    public async Task Operator_PostWithoutAntiforgery_IsStillRefused()
    {
        using var console = await OperatorSession.SignInAsync(host);
        var pending = await ApiClients.ParticipantIdAsync(host, DemoPendingPeppolId);

        using var response = await console.Client.PostAsync("/operator?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = pending.ToString() }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ParticipantStatus.Pending, await host.WithDbAsync(db => db.Participants.Where(p => p.Id == pending).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task ListedEmail_NotConfirmed_IsNoOperator()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var unconfirmed = new AppUser { UserName = SignedIn.OperatorEmail.ToUpperInvariant() + ".other", Email = "other-" + Guid.NewGuid().ToString("N") + "@ops.test" };
        Assert.True((await users.CreateAsync(unconfirmed, TestCompany.Password)).Succeeded);
        var operatorUser = await users.FindByEmailAsync(SignedIn.OperatorEmail);
        var operators = scope.ServiceProvider.GetRequiredService<AuthServer.Core.Operators.Operators>();

        Assert.NotNull(await operators.FindAsync(Principal(operatorUser!.Id), null, CancellationToken.None));
        operatorUser.EmailConfirmed = false;
        await users.UpdateAsync(operatorUser);
        try
        {
            Assert.Null(await operators.FindAsync(Principal(operatorUser.Id), null, CancellationToken.None));
        }
        finally
        {
            operatorUser.EmailConfirmed = true;
            await users.UpdateAsync(operatorUser);
        }

        Assert.Null(await operators.FindAsync(Principal(unconfirmed.Id), null, CancellationToken.None));
    }

    [Fact]
    public async Task Operator_SeesPendingParticipantsWithAccountIdentifiersAndWhoAddedThem()
    {
        using var console = await OperatorSession.SignInAsync(host);
        var id = await ApiClients.ParticipantIdAsync(host, DemoPendingPeppolId);

        var page = await console.OpenAsync();

        var card = page.Single($"#pending-{id}");
        var text = card.TextContent;
        Assert.Contains("Integrator Services BV", text, StringComparison.Ordinal);
        Assert.Contains("claimed by Integrator Ltd", string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Contains(DemoPendingPeppolId, text, StringComparison.Ordinal);
        Assert.Contains("BE0987654321", text, StringComparison.Ordinal);
        Assert.Contains(SignedIn.IntegratorEmail, card.QuerySelector(".added-by")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector("form.verify-form"));
        Assert.NotNull(card.QuerySelector("form.reject-form textarea[name=reason][required]"));
        Assert.Contains(ApiClients.IntegratorAccount, page.Text("#accounts"), StringComparison.Ordinal);
        // In its account's card it links to its card in the queue, where its one Verify and Reject are.
        var inAccount = page.Single($"#accounts .account-participant[data-participant-id='{id}']");
        Assert.Equal($"#pending-{id}", inAccount.QuerySelector("a.decide-in-queue")!.GetAttribute("href"));
        Assert.Null(inAccount.QuerySelector("form"));
        Assert.Contains("Operator", page.Document.QuerySelector(".sections")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TopBar_LinksTheConsoleForOperatorsOnly()
    {
        using var admin = await SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);
        using var console = await OperatorSession.SignInAsync(host);

        Assert.Null((await HtmlPage.GetAsync(admin, "/")).Find(".sections a[href='/operator']"));
        Assert.NotNull((await HtmlPage.GetAsync(console.Client, "/")).Find(".sections a[href='/operator']"));
    }

    [Fact]
    public async Task EveryAction_InTheAccountsAuditLogAsOperator_AndInTheOperatorLog()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var participant = await TestAccounts.AddParticipantAsync(host, company.AccountId, "Logged NV", "BE0333444555", "BE", TestAccounts.NewPeppolId(),
            ParticipantStatus.Pending);
        using var console = await OperatorSession.SignInAsync(host);

        await console.FollowAsync(await console.VerifyAsync(participant));
        await console.FollowAsync(await console.RejectAsync(participant, "Withdrawn after a complaint.", company.Name));
        await console.FollowAsync(await console.SuspendOrReinstateAsync(company.AccountId, company.Name, "Abuse report 42."));
        var last = await console.FollowAsync(await console.SuspendOrReinstateAsync(company.AccountId, company.Name, "Resolved with the customer."));

        // The server-wide log on /operator, newest first, with who did it.
        var logged = last.All(".operator-log-entry").Where(e => e.TextContent.Contains(company.Name, StringComparison.Ordinal)).ToList();
        Assert.Equal(["account.reinstated", "account.suspended", "participant.rejected", "participant.verified"], logged.Select(e => e.GetAttribute("data-action")));
        Assert.All(logged, e => Assert.Contains(SignedIn.OperatorEmail, e.TextContent, StringComparison.Ordinal));
        Assert.Contains("Abuse report 42.", logged[1].TextContent, StringComparison.Ordinal);

        // The account's own audit log: the same four, by "operator (email)".
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var audit = await HtmlPage.GetAsync(admin, "/settings/audit-log");
        var events = audit.All(".audit-event").Where(e => e.GetAttribute("data-action") is "participant.verified" or "participant.rejected" or "account.suspended" or "account.reinstated").ToList();
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Contains($"operator ({SignedIn.OperatorEmail})", e.TextContent, StringComparison.Ordinal));
        Assert.Equal(4, await host.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.AccountId == company.AccountId && e.Actor.StartsWith("operator:"))));
    }

    [Fact]
    public async Task SuspendWithoutReason_400AndNothingChanges()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        using var console = await OperatorSession.SignInAsync(host);

        using var response = await console.SuspendOrReinstateAsync(company.AccountId, company.Name, "");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await host.WithDbAsync(db => db.Accounts.Where(a => a.Id == company.AccountId).Select(a => a.SuspendedAt).SingleAsync()));
    }

    [Fact]
    public async Task DemoOperator_IsALoginOfNoAccount()
    {
        var memberships = await host.WithDbAsync(db => db.Memberships.CountAsync(m => m.User!.Email == SignedIn.OperatorEmail));

        Assert.Equal(0, memberships);
    }

    private Task<Guid> AccountIdAsync(string name) => host.WithDbAsync(db => db.Accounts.Where(a => a.Name == name).Select(a => a.Id).SingleAsync());

    private static ClaimsPrincipal Principal(string userId) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
}
