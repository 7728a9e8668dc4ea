using System.Net;
using AuthServer.Core.Accounts;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Settings;

/// <summary>
/// /settings/members (SPEC §2, §7): invitations by mail, registering through the link, roles, removal,
/// leaving, and the last Admin who can do none of it. Each test has a company of its own.
/// </summary>
public sealed class MembersTests(PublicOriginFactory host) : IClassFixture<PublicOriginFactory>
{
    private const string PagePath = "/settings/members";

    private HttpClient Anonymous() => host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Invites through the page's form; returns the mailed link.</summary>
    private async Task<Uri> InviteAsync(HttpClient admin, string email, AccountRole role = AccountRole.Member)
    {
        var page = await HtmlPage.GetAsync(admin, PagePath);
        using var response = await page.SubmitAsync(admin, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Role"] = role.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(Mailbox.Links(await Mailbox.LatestToAsync(host, email)));
    }

    /// <summary>A company of its own whose Admin (signed in) has just invited a new address.</summary>
    private sealed record Invited(TestCompany Company, HttpClient Admin, string Invitee, Uri Link) : IDisposable
    {
        public void Dispose() => Admin.Dispose();
    }

    private async Task<Invited> InvitedAsync(string who)
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var invitee = $"{who}-{Guid.NewGuid():N}@company.test";
        return new Invited(company, admin, invitee, await InviteAsync(admin, invitee));
    }

    private Task<List<(string Email, AccountRole Role)>> MembersAsync(Guid accountId) => host.WithDbAsync(async db =>
        (await db.Memberships.Where(m => m.AccountId == accountId).Select(m => new { m.User!.Email, m.Role }).ToListAsync())
        .Select(m => (m.Email!, m.Role)).ToList());

    [Fact]
    public async Task Invite_MailedLinkFromPublicOrigin_InviteeRegistersThroughItAndJoinsAsMember()
    {
        var accounts = await host.WithDbAsync(db => db.Accounts.CountAsync()) + 1;

        using var invited = await InvitedAsync("colleague");
        var (company, _, invitee, link) = invited;

        Assert.StartsWith(PublicOriginFactory.Origin + "invitations/", link.AbsoluteUri, StringComparison.Ordinal);
        using var browser = Anonymous();
        var invitation = await HtmlPage.GetAsync(browser, link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, invitation.Status);
        Assert.Contains($"invited {invitee} to join {company.Name} as a Member", invitation.MainText, StringComparison.Ordinal);
        using var registered = await invitation.SubmitAsync(browser, "#invitation-register", new Dictionary<string, string>
        {
            ["Input.Password"] = "Colleague-Pass-2026",
            ["Input.ConfirmPassword"] = "Colleague-Pass-2026",
        });

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var home = await HtmlPage.GetAsync(browser, "/");
        Assert.Equal(company.Name, home.Text("#account-name"));
        Assert.Contains("Member", home.MainText, StringComparison.Ordinal);
        Assert.Contains((invitee, AccountRole.Member), await MembersAsync(company.AccountId));
        var user = await host.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == invitee));
        Assert.True(user.EmailConfirmed); // the link was mailed to that address
        Assert.Equal(1, await host.WithDbAsync(db => db.Memberships.CountAsync(m => m.UserId == user.Id))); // no company of their own
        Assert.Equal(accounts, await host.WithDbAsync(db => db.Accounts.CountAsync()));
        var actions = await host.WithDbAsync(db => db.AuditEvents.Where(e => e.AccountId == company.AccountId).Select(e => e.Action).ToListAsync());
        Assert.Contains("member.invited", actions);
        Assert.Contains("member.joined", actions);

        // Used once: the link now says so, and registers no one else.
        var again = await HtmlPage.GetAsync(Anonymous(), link.PathAndQuery);
        Assert.NotNull(again.Find("#invitation-closed"));
    }

    [Fact]
    public async Task Invite_LinkIgnoresTheRequestsHostHeader_AndOnlyTheTokensHashIsStored()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var invitee = $"host-{Guid.NewGuid():N}@company.test";
        // A request for another host does not reach the page at all (issue 11: 400 for any host but the public origin's).
        using (var foreign = new HttpRequestMessage(HttpMethod.Get, PagePath))
        {
            foreign.Headers.Host = "attacker.example";
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(foreign)).StatusCode);
        }

        var link = await InviteAsync(admin, invitee);

        Assert.Equal("auth.example", link.Host);
        var token = link.Segments[^1];
        Assert.Equal(43, token.Length); // 256 bits, base64url
        var stored = await host.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Email == invitee));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)), stored.TokenHash);
        Assert.Equal(stored.CreatedAt.AddDays(7), stored.ExpiresAt);
    }

    /// <summary>
    /// An invitee whose login was never confirmed cannot sign in (SPEC §7, email confirmation) until the
    /// address is confirmed through the mailed link; then they accept like anyone with a login.
    /// </summary>
    [Fact]
    public async Task Invite_ExistingUnconfirmedLogin_ConfirmsThroughMailThenLogsInAndJoins()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var other = await TestAccounts.NewCompanyAsync(host);
        await host.WithDbAsync(db => db.Users.Where(u => u.Email == other.AdminEmail).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, false)));
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var link = await InviteAsync(admin, other.AdminEmail, AccountRole.Admin);

        using var anonymous = Anonymous();
        var page = await HtmlPage.GetAsync(anonymous, link.PathAndQuery);
        Assert.Contains("/Identity/Account/Login?ReturnUrl=%2Finvitations%2F", page.Single("#log-in-to-accept").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Null(page.Find("#invitation-register"));
        var login = await HtmlPage.GetAsync(anonymous, "/Identity/Account/Login");
        var refused = await HtmlPage.FromAsync(anonymous, await login.SubmitAsync(anonymous, "#account",
            new Dictionary<string, string> { ["Input.Email"] = other.AdminEmail, ["Input.Password"] = TestCompany.Password }));
        Assert.NotNull(refused.Find("#login-unconfirmed"));

        var resend = await HtmlPage.GetAsync(anonymous, "/Identity/Account/ResendEmailConfirmation");
        using (await resend.SubmitAsync(anonymous, "form", new Dictionary<string, string> { ["Input.Email"] = other.AdminEmail }))
        {
        }

        var confirmation = Mailbox.Links(await Mailbox.LatestToAsync(host, other.AdminEmail)).Single(l => l.AbsolutePath.EndsWith("/ConfirmEmail", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(confirmation.PathAndQuery)).StatusCode);
        using var invitee = await SignedIn.ClientAsync(host, other.AdminEmail, TestCompany.Password);
        var signedIn = await HtmlPage.GetAsync(invitee, link.PathAndQuery);
        using var accepted = await signedIn.SubmitAsync(invitee, "form:has(#accept)");

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains((other.AdminEmail, AccountRole.Admin), await MembersAsync(company.AccountId));
        Assert.Equal(company.Name, (await HtmlPage.GetAsync(invitee, "/")).Text("#account-name")); // switched to the account joined
    }

    [Fact]
    public async Task Invite_RegisteredUserWithConfirmedEmail_SeesItOnTheHomePageAndJoinsFromThere()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var other = await TestAccounts.NewCompanyAsync(host);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        await InviteAsync(admin, other.AdminEmail);
        using var invitee = await SignedIn.ClientAsync(host, other.AdminEmail, TestCompany.Password);

        var home = await HtmlPage.GetAsync(invitee, "/");
        var notice = home.Single(".invitation-notice");
        Assert.Contains($"invited you to join {company.Name} as a Member", notice.TextContent, StringComparison.Ordinal);
        using var joined = await home.SubmitAsync(invitee, ".invitation-notice form");

        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Contains((other.AdminEmail, AccountRole.Member), await MembersAsync(company.AccountId));
        var after = await HtmlPage.GetAsync(invitee, "/");
        Assert.Empty(after.All(".invitation-notice"));
        Assert.NotNull(after.Find("#account-switcher")); // now in two accounts
    }

    [Fact]
    public async Task Invitation_SignedInAsAnotherEmail_CannotAccept()
    {
        using var invited = await InvitedAsync("someone");
        var (company, _, _, link) = invited;
        var stranger = await TestAccounts.NewCompanyAsync(host);
        using var browser = await SignedIn.ClientAsync(host, stranger.AdminEmail, TestCompany.Password);

        var page = await HtmlPage.GetAsync(browser, link.PathAndQuery);
        Assert.NotNull(page.Find("#other-login"));
        Assert.Null(page.Find("#accept"));
        var token = page.AntiforgeryToken;
        using var forced = await browser.PostAsync(link.PathAndQuery + "?handler=Accept",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Conflict, forced.StatusCode);
        Assert.DoesNotContain(await MembersAsync(company.AccountId), m => m.Email == stranger.AdminEmail);
    }

    [Fact]
    public async Task Invitation_Revoked_LinkNoLongerWorks()
    {
        using var invited = await InvitedAsync("revoked");
        var (company, admin, _, link) = invited;

        var page = await HtmlPage.GetAsync(admin, PagePath);
        using var revoked = await page.SubmitAsync(admin, ".invitation form");

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var closed = await HtmlPage.GetAsync(Anonymous(), link.PathAndQuery);
        Assert.Contains("It was revoked", closed.Text("#invitation-closed"), StringComparison.Ordinal);
        Assert.Null(closed.Find("#invitation-register"));
        Assert.Contains("invitation.revoked", await host.WithDbAsync(db => db.AuditEvents.Where(e => e.AccountId == company.AccountId).Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task Invitation_UnknownToken_NotFound()
    {
        var page = await HtmlPage.GetAsync(Anonymous(), "/invitations/" + new string('A', 43));

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("not valid", page.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_AlreadyMemberOrAlreadyInvited_RefusedWithReason()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var invitee = $"twice-{Guid.NewGuid():N}@company.test";
        await InviteAsync(admin, invitee);

        foreach (var (email, reason) in new[] { (member, "already a member"), (invitee, "already has a pending invitation") })
        {
            var page = await HtmlPage.GetAsync(admin, PagePath);
            using var response = await page.SubmitAsync(admin, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = email.ToUpperInvariant() });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(reason, (await HtmlPage.FromAsync(admin, response)).MainText, StringComparison.Ordinal);
        }

        Assert.Equal(1, await host.WithDbAsync(db => db.Invitations.CountAsync(i => i.AccountId == company.AccountId)));
    }

    [Fact]
    public async Task Invitation_ExpiresAfterSevenDays()
    {
        await using var own = new AuthServerFactory(); // moves its clock
        var company = await TestAccounts.NewCompanyAsync(own);
        using var admin = await SignedIn.ClientAsync(own, company.AdminEmail, TestCompany.Password);
        var invitee = $"late-{Guid.NewGuid():N}@company.test";
        var page = await HtmlPage.GetAsync(admin, PagePath);
        (await page.SubmitAsync(admin, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = invitee })).Dispose();
        var link = Assert.Single(Mailbox.Links(await Mailbox.LatestToAsync(own, invitee)));

        own.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        using var browser = own.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var expired = await HtmlPage.GetAsync(browser, link.PathAndQuery);
        Assert.Contains("It expired on", expired.Text("#invitation-closed"), StringComparison.Ordinal);
        var token = Forms.AntiforgeryToken(await browser.GetStringAsync("/Identity/Account/Login")); // the closed page has no form
        using var forced = await browser.PostAsync(link.PathAndQuery + "?handler=Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Password"] = "Too-Late-2026-x",
            ["Input.ConfirmPassword"] = "Too-Late-2026-x",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Conflict, forced.StatusCode);
        Assert.False(await own.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == invitee)));
    }

    [Fact]
    public async Task LastAdmin_CannotBeDemotedRemovedOrLeave()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var adminId = await host.WithDbAsync(db => db.Users.Where(u => u.Email == company.AdminEmail).Select(u => u.Id).SingleAsync());

        var page = await HtmlPage.GetAsync(admin, PagePath);
        using var demoted = await page.SubmitAsync(admin, $"[data-user-id='{adminId}'] form:has(select)", new Dictionary<string, string> { ["role"] = "Member" });
        using var removed = await admin.PostAsync($"{PagePath}?handler=Remove", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = adminId,
            ["confirm"] = "true",
            ["__RequestVerificationToken"] = page.AntiforgeryToken,
        }));
        var leave = await HtmlPage.FromAsync(admin, await page.SubmitAsync(admin, "form:has(#leave)"));
        using var left = await leave.SubmitAsync(admin, "#confirm form");

        foreach (var response in new[] { demoted, removed, left })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("must keep at least one Admin", (await HtmlPage.FromAsync(admin, response)).Text("#members-error"), StringComparison.Ordinal);
        }

        Assert.Contains((company.AdminEmail, AccountRole.Admin), await MembersAsync(company.AccountId));
    }

    [Fact]
    public async Task SecondAdmin_DemotesTheFirst_ThenTheLastCannotLeave()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var second = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var secondId = await host.WithDbAsync(db => db.Users.Where(u => u.Email == second).Select(u => u.Id).SingleAsync());
        var adminId = await host.WithDbAsync(db => db.Users.Where(u => u.Email == company.AdminEmail).Select(u => u.Id).SingleAsync());

        var page = await HtmlPage.GetAsync(admin, PagePath);
        using var promoted = await page.SubmitAsync(admin, $"[data-user-id='{secondId}'] form:has(select)", new Dictionary<string, string> { ["role"] = "Admin" });
        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);
        using var secondAdmin = await SignedIn.ClientAsync(host, second, TestCompany.Password);
        var theirs = await HtmlPage.GetAsync(secondAdmin, PagePath);
        using var demoted = await theirs.SubmitAsync(secondAdmin, $"[data-user-id='{adminId}'] form:has(select)", new Dictionary<string, string> { ["role"] = "Member" });

        Assert.Equal(HttpStatusCode.Redirect, demoted.StatusCode);
        Assert.Equal([(second, AccountRole.Admin), (company.AdminEmail, AccountRole.Member)], (await MembersAsync(company.AccountId)).OrderByDescending(m => m.Role));
        var leave = await HtmlPage.FromAsync(secondAdmin, await (await HtmlPage.GetAsync(secondAdmin, PagePath)).SubmitAsync(secondAdmin, "form:has(#leave)"));
        using var left = await leave.SubmitAsync(secondAdmin, "#confirm form");
        Assert.Equal(HttpStatusCode.Conflict, left.StatusCode);
        Assert.Contains("member.role_changed", await host.WithDbAsync(db => db.AuditEvents.Where(e => e.AccountId == company.AccountId).Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task RemovedMember_NextRequestToTheAccountsPagesRefused()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var memberBrowser = await SignedIn.ClientAsync(host, member, TestCompany.Password);
        Assert.Equal(HttpStatusCode.OK, (await memberBrowser.GetAsync("/settings/participants")).StatusCode);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var memberId = await host.WithDbAsync(db => db.Users.Where(u => u.Email == member).Select(u => u.Id).SingleAsync());

        var page = await HtmlPage.GetAsync(admin, PagePath);
        var confirm = await HtmlPage.FromAsync(admin, await page.SubmitAsync(admin, $"[data-user-id='{memberId}'] form:has(button.btn-outline-danger)"));
        Assert.Contains((member, AccountRole.Member), await MembersAsync(company.AccountId)); // the first post only asks
        using var removed = await confirm.SubmitAsync(admin, "#confirm form");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        using var next = await memberBrowser.GetAsync("/settings/participants");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/Identity/Account/AccessDenied", next.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("member.removed", await host.WithDbAsync(db => db.AuditEvents.Where(e => e.AccountId == company.AccountId).Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task RemovedFromTheSelectedAccount_NextRequestShowsTheirOtherAccountOnly()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var home = await TestAccounts.NewCompanyAsync(host);
        await TestAccounts.AddMemberAsync(host, company.AccountId, email: home.AdminEmail);
        using var browser = await SignedIn.ClientAsync(host, home.AdminEmail, TestCompany.Password);
        var switcher = await HtmlPage.GetAsync(browser, "/accounts/switch");
        (await switcher.SubmitAsync(browser, "#accounts", buttonSelector: $"button[value='{company.AccountId}']")).Dispose();
        Assert.Contains(company.Name, (await HtmlPage.GetAsync(browser, "/settings")).MainText, StringComparison.Ordinal);
        var userId = await host.WithDbAsync(db => db.Users.Where(u => u.Email == home.AdminEmail).Select(u => u.Id).SingleAsync());

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<AccountMembers>();
            Assert.Equal(MembershipChange.Done, await members.RemoveAsync(company.AccountId, userId, AuthServer.Core.Audit.AuditActor.User("admin", null), CancellationToken.None));
        }

        var settings = await HtmlPage.GetAsync(browser, "/settings/members");
        Assert.Equal(HttpStatusCode.OK, settings.Status);
        Assert.Contains(home.Name, settings.MainText, StringComparison.Ordinal);
        Assert.DoesNotContain(company.Name, settings.MainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_SeesTheListButCannotInviteOrChangeRoles()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var member = await TestAccounts.AddMemberAsync(host, company.AccountId);
        using var browser = await SignedIn.ClientAsync(host, member, TestCompany.Password);

        var page = await HtmlPage.GetAsync(browser, PagePath);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(2, page.All("#members .member").Count);
        Assert.Null(page.Find("#invite-form"));
        Assert.Contains(company.AdminEmail, page.MainText, StringComparison.Ordinal);
        var token = page.AntiforgeryToken;
        foreach (var handler in new[] { "Invite", "ChangeRole", "Remove", "RevokeInvitation" })
        {
            using var response = await browser.PostAsync($"{PagePath}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "x@company.test",
                ["userId"] = "x",
                ["role"] = "Admin",
                ["invitationId"] = Guid.NewGuid().ToString(),
                ["confirm"] = "true",
                ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await host.WithDbAsync(db => db.Invitations.CountAsync(i => i.AccountId == company.AccountId)));
    }
}
