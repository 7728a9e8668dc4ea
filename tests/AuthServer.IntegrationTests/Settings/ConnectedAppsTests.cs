using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Settings;

/// <summary>Grants: one per app and account, listed and revoked at /settings/connected-apps (SPEC §4).</summary>
public sealed class ConnectedAppsTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly OAuthFlow _flow = new(factory);

    private Task<List<(Guid Id, string Scopes, List<Guid> Participants, DateTime UpdatedAt, DateTime? LastUsedAt)>> DemoAppGrantsAsync() =>
        factory.WithDbAsync(async db => (await db.Grants.AsNoTracking()
                .Where(g => g.Client!.ClientId == OAuthFlow.DemoApp && g.Account!.Name == "Demo Company")
                .Select(g => new { g.Id, g.Scopes, Participants = g.Participants.Select(p => p.ParticipantId).ToList(), g.UpdatedAt, g.LastUsedAt })
                .ToListAsync())
            .Select(g => (g.Id, g.Scopes, g.Participants, g.UpdatedAt, g.LastUsedAt)).ToList());

    private static async Task<HttpResponseMessage> RevokeAsync(HttpClient browser, Guid grantId)
    {
        var page = await browser.GetStringAsync("/settings/connected-apps");
        return await browser.PostAsync("/settings/connected-apps?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grantId"] = grantId.ToString(),
            ["confirm"] = "true",
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
    }

    [Fact]
    public async Task Revoke_NextApiCallAccessTokenRevokedAndRefreshInvalidGrant()
    {
        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await _flow.GetAccountAsync(token.AccessToken!)).Status);
        var grant = (await DemoAppGrantsAsync()).Single();
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        using var response = await RevokeAsync(browser, grant.Id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (status, problem) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AccessTokenRevoked", problem.GetProperty("code").GetString());
        var refreshed = await _flow.RefreshAsync(token.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
        Assert.Empty(await DemoAppGrantsAsync());
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "grant.revoked" && e.Target == "grant:" + grant.Id)));
    }

    [Fact]
    public async Task Revoke_AnotherAccountsGrant_NotFoundAndStillWorks()
    {
        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var grant = (await DemoAppGrantsAsync()).Single();
        using var outsider = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);

        using var response = await RevokeAsync(outsider, grant.Id);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _flow.GetAccountAsync(token.AccessToken!)).Status);
        Assert.Single(await DemoAppGrantsAsync());
    }

    [Fact]
    public async Task Revoke_ByMember_Allowed()
    {
        await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var grant = (await DemoAppGrantsAsync()).Single();
        using var member = await _flow.LogInAsync(OAuthFlow.Member, OAuthFlow.MemberPassword);

        using var response = await RevokeAsync(member, grant.Id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await DemoAppGrantsAsync());
    }

    [Fact]
    public async Task Page_ListsAppOwnerScopesParticipantsGrantorAndLastUse()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");
        await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Member, OAuthFlow.MemberPassword, scope: "receive_documents", participants: [czech.ToString()]);
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        var html = await browser.GetStringAsync("/settings/connected-apps");

        Assert.Contains("Demo Invoicing App", html, StringComparison.Ordinal);
        Assert.Contains("by Integrator Ltd", html, StringComparison.Ordinal);
        Assert.Contains(AuthServer.Core.Scopes.Describe("receive_documents"), html, StringComparison.Ordinal);
        Assert.Contains("Demo Company CZ s.r.o.", html, StringComparison.Ordinal);
        Assert.Contains(OAuthFlow.Member, html, StringComparison.Ordinal);
        Assert.DoesNotContain("not yet", html, StringComparison.Ordinal); // the code exchange used it
        Assert.Contains("/settings/connected-apps", await browser.GetStringAsync("/settings"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reauthorize_UntickingNarrowsTheOneGrantAndOldFamilyPicksItUpOnRefresh()
    {
        var belgian = await _flow.ParticipantIdAsync("BE0123456789");
        var czech = await _flow.ParticipantIdAsync("CZ12345678");
        var first = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, scope: "read_participant_info send_documents", participants: [belgian.ToString()]);
        var before = (await DemoAppGrantsAsync()).Single();
        factory.Time.Advance(TimeSpan.FromMinutes(5));

        // The second request asks for send_documents; the customer unticks BE and read_participant_info on purpose.
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, "send_documents"));
        await OAuthFlow.ApproveAsync(browser, page, scopes: ["send_documents"], participants: [czech.ToString()]);

        var after = (await DemoAppGrantsAsync()).Single();
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("send_documents", after.Scopes);
        Assert.Equal([czech], after.Participants);
        Assert.True(after.UpdatedAt > before.UpdatedAt);
        var refreshed = await _flow.RefreshAsync(first.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal("send_documents", refreshed.Scope);
        var (_, account) = await _flow.GetAccountAsync(refreshed.AccessToken!);
        Assert.Equal([czech.ToString()], account.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Refresh_MovesLastUsed()
    {
        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var exchanged = (await DemoAppGrantsAsync()).Single().LastUsedAt;
        Assert.NotNull(exchanged);
        factory.Time.Advance(TimeSpan.FromMinutes(30));

        await _flow.RefreshAsync(token.RefreshToken!);

        Assert.True((await DemoAppGrantsAsync()).Single().LastUsedAt > exchanged);
    }
}
