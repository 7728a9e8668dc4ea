using System.Net;
using System.Text.Json;
using AuthServer.Core.Participants;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.IntegrationTests.Lookup;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.ApiClients;

namespace AuthServer.IntegrationTests.Operators;

/// <summary>
/// Issue 13 acceptance 1 and 2, on the default <c>Participants:Verification=Operator</c>: a company that claims a
/// Peppol ID through the API gets a pending participant that takes no part in the network (not found, not
/// delivered to, not offered on consent, cannot send) until the operator verifies it; rejecting it tells the
/// account why. Pending claims of several accounts coexist until one is verified.
/// </summary>
public sealed class VerificationTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    /// <summary>A company that registered, made an API key secret and took an admin token: the attacker of the issue.</summary>
    private sealed record Claimant(TestCompany Company, HttpClient Api, Guid ParticipantId, string PeppolId, string Name) : IDisposable
    {
        public void Dispose() => Api.Dispose();
    }

    private async Task<Claimant> ClaimAsync(string name = "ACME Real Company NV", string? peppolId = null)
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        var (clientId, secret) = await TestAccounts.ApiKeyAsync(host, company);
        var api = Client(host, await ApiKeyTokenAsync(host, "admin", clientId, secret));
        peppolId ??= TestAccounts.NewPeppolId();
        using var response = await api.PostAsync("/api/participants", Json($$"""{"name":"{{name}}","countryCode":"BE","peppolId":"{{peppolId}}"}"""));
        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"claim failed: {(int)response.StatusCode} {body}");
        return new Claimant(company, api, body.GetProperty("id").GetGuid(), peppolId, name);
    }

    private async Task<JsonElement> LookupAsync(string peppolId)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(Affiliates.LookupUrl(LookupHost.DemoAffiliateId, "peppolId=" + peppolId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    /// <summary>Demo Company (another account) sends an invoice to <paramref name="peppolId"/>.</summary>
    private async Task<JsonElement> DemoCompanySendsToAsync(string peppolId)
    {
        using var demo = Client(host, await ApiKeyTokenAsync(host, "send_documents"));
        return await SendAsync(demo, await ParticipantIdAsync(host, DemoBvPeppolId), peppolId, "INV-" + Guid.NewGuid().ToString("N")[..8]);
    }

    private Task<int> IncomingCountAsync(Guid accountId) =>
        host.WithDbAsync(db => db.Documents.CountAsync(d => d.AccountId == accountId && d.Direction == AuthServer.Core.Documents.DocumentDirection.Incoming));

    private Task<Participant> StoredAsync(Guid id) => host.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.Id == id));

    /// <summary>The claimant's Admin opens the demo Developer Application's consent screen.</summary>
    private async Task<(HttpClient Browser, ConsentPage Page)> ConsentAsync(Claimant claimant)
    {
        var browser = await SignedIn.ClientAsync(host, claimant.Company.AdminEmail, TestCompany.Password);
        var (_, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge, "read_participant_info"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return (browser, page);
    }

    [Fact]
    public async Task Squatter_ClaimsPeppolId_PendingNotFoundNotDeliveredNotOffered()
    {
        using var squatter = await ClaimAsync();

        // 201, and the API says what it is.
        using (var response = await squatter.Api.GetAsync($"/api/participants/{squatter.ParticipantId}"))
        {
            Assert.Equal("pending", (await BodyAsync(response)).GetProperty("status").GetString());
        }

        // The public lookup does not know it.
        var lookup = await LookupAsync(squatter.PeppolId);
        Assert.False(lookup.GetProperty("registered").GetBoolean());
        Assert.Single(lookup.EnumerateObject());

        // Another account's invoice to that Peppol ID goes out as to a receiver elsewhere: nothing lands here.
        var sent = await DemoCompanySendsToAsync(squatter.PeppolId);
        Assert.Equal(squatter.PeppolId, sent.GetProperty("counterpartyPeppolId").GetString());
        Assert.Equal(0, await IncomingCountAsync(squatter.Company.AccountId));
        Assert.Empty(await ListAllAsync(squatter.Api, "/api/documents/incoming")); // admin reads every incoming document

        // The consent screen shows it, awaiting verification, but offers nothing to tick and no Approve.
        var (browser, page) = await ConsentAsync(squatter);
        using (browser)
        {
            Assert.Empty(page.OfferedParticipants);
            var html = await HtmlPage.FromHtmlAsync(page.Html);
            var shown = html.Single($"[data-participant-id='{squatter.ParticipantId}']");
            Assert.Contains("awaiting verification", shown.TextContent, StringComparison.Ordinal);
            Assert.NotNull(shown.QuerySelector("input[type=checkbox][disabled]"));
            Assert.Null(html.Find("#approve"));
            Assert.Contains("has no verified participant yet", html.Text("#no-participants"), StringComparison.Ordinal);

            // A forged post naming it is refused, and grants nothing.
            using var forged = await OAuthFlow.PostAsync(browser, page, "approve", ["read_participant_info"], [squatter.ParticipantId.ToString()]);
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.False(await host.WithDbAsync(db => db.Grants.AnyAsync(g => g.AccountId == squatter.Company.AccountId)));
        }
    }

    [Fact]
    public async Task PendingParticipant_Sends_409ParticipantNotVerified()
    {
        using var claimant = await ClaimAsync("Pending Sender BV");

        using var response = await claimant.Api.PostAsync("/api/documents", Json(SendJson(claimant.ParticipantId, DemoBvPeppolId, "INV-P1")));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "ParticipantNotVerified");
        Assert.Contains("pending", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await host.WithDbAsync(db => db.Documents.AnyAsync(d => d.ParticipantId == claimant.ParticipantId)));
    }

    [Fact]
    public async Task OperatorVerifies_LookupDeliveryConsentAndSendingWork_AndTheAdminIsMailed()
    {
        using var claimant = await ClaimAsync("Verified Soon NV");
        using var console = await OperatorSession.SignInAsync(host);

        var after = await console.FollowAsync(await console.VerifyAsync(claimant.ParticipantId));

        Assert.Contains("Verified Verified Soon NV", after.Text("#operator-status"), StringComparison.Ordinal);
        Assert.Equal(ParticipantStatus.Verified, (await StoredAsync(claimant.ParticipantId)).Status);
        var lookup = await LookupAsync(claimant.PeppolId);
        Assert.True(lookup.GetProperty("registered").GetBoolean());
        Assert.Equal("Verified Soon NV", lookup.GetProperty("name").GetString());
        await DemoCompanySendsToAsync(claimant.PeppolId);
        Assert.Equal(1, await IncomingCountAsync(claimant.Company.AccountId));
        using (var sent = await claimant.Api.PostAsync("/api/documents", Json(SendJson(claimant.ParticipantId, DemoBvPeppolId, "INV-V1"))))
        {
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        var (browser, page) = await ConsentAsync(claimant);
        using (browser)
        {
            Assert.Equal([claimant.ParticipantId.ToString()], page.OfferedParticipants);
            var redirect = await OAuthFlow.ApproveAsync(browser, page, participants: [claimant.ParticipantId.ToString()]);
            Assert.True(redirect.ContainsKey("code"));
        }

        var mail = await Mailbox.FindAsync(host, claimant.Company.AdminEmail, "Verified Soon NV is verified");
        Assert.Contains(new Uri(host.Server.BaseAddress, "settings/participants"), Mailbox.Links(mail));
    }

    [Fact]
    public async Task OperatorRejects_TheAccountSeesTheReasonOnItsPageAndInMail()
    {
        using var claimant = await ClaimAsync("Not Really Ours BV");
        using var console = await OperatorSession.SignInAsync(host);
        const string Reason = "The company register names another owner for this enterprise number.";

        await console.FollowAsync(await console.RejectAsync(claimant.ParticipantId, Reason));

        var stored = await StoredAsync(claimant.ParticipantId);
        Assert.Equal(ParticipantStatus.Rejected, stored.Status);
        Assert.Equal(Reason, stored.StatusReason);
        using var admin = await SignedIn.ClientAsync(host, claimant.Company.AdminEmail, TestCompany.Password);
        var page = await HtmlPage.GetAsync(admin, "/settings/participants");
        var card = page.Single($"#participant-{claimant.ParticipantId}");
        Assert.Equal("rejected", card.QuerySelector(".participant-status")!.GetAttribute("data-status"));
        Assert.Contains(Reason, card.QuerySelector(".participant-rejected")!.TextContent, StringComparison.Ordinal);
        var mail = await Mailbox.FindAsync(host, claimant.Company.AdminEmail, "Not Really Ours BV was not verified");
        Assert.Contains(Reason, Mailbox.Text(mail), StringComparison.Ordinal);
        Assert.False((await LookupAsync(claimant.PeppolId)).GetProperty("registered").GetBoolean());
        using var response = await claimant.Api.GetAsync($"/api/participants/{claimant.ParticipantId}");
        Assert.Equal("rejected", (await BodyAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OperatorRejects_WithoutReason_400AndNothingChanges()
    {
        using var claimant = await ClaimAsync("Reasonless BV");
        using var console = await OperatorSession.SignInAsync(host);

        using var response = await console.RejectAsync(claimant.ParticipantId, "   ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlPage.FromAsync(console.Client, response);
        Assert.Contains("Give a reason", page.Text("#operator-error"), StringComparison.Ordinal);
        Assert.Equal(ParticipantStatus.Pending, (await StoredAsync(claimant.ParticipantId)).Status);
    }

    [Fact]
    public async Task PendingClaimsCoexist_VerifyingOneRejectsTheOthers_ThenTheIdIsTaken()
    {
        var peppolId = TestAccounts.NewPeppolId();
        using var owner = await ClaimAsync("Real Owner NV", peppolId);
        using var rival = await ClaimAsync("Rival NV", peppolId.Replace(":", " : ", StringComparison.Ordinal)); // the same id, spelled differently
        using var console = await OperatorSession.SignInAsync(host);
        var pending = await console.OpenAsync();
        Assert.Contains("Rival NV", pending.Single($"#pending-{owner.ParticipantId}").QuerySelector(".other-claims")!.TextContent, StringComparison.Ordinal);

        var after = await console.FollowAsync(await console.VerifyAsync(owner.ParticipantId));

        Assert.Contains("1 other claim on it was rejected", after.Text("#operator-status"), StringComparison.Ordinal);
        var lost = await StoredAsync(rival.ParticipantId);
        Assert.Equal(ParticipantStatus.Rejected, lost.Status);
        Assert.Equal(ParticipantService.ClaimVerifiedElsewhere, lost.StatusReason);
        var mail = await Mailbox.FindAsync(host, rival.Company.AdminEmail, "Rival NV was not verified");
        Assert.Contains(ParticipantService.ClaimVerifiedElsewhere, Mailbox.Text(mail), StringComparison.Ordinal);
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.AccountId == rival.Company.AccountId && e.Action == "participant.rejected" && e.Actor.StartsWith("operator:"))));

        // Now a verified participant holds it: nobody else may claim it, the rival's resubmission included.
        using var third = Client(host, await ApiKeyTokenAsync(host, "admin"));
        await AssertProblemAsync(await third.PostAsync("/api/participants", Json($$"""{"name":"Third","countryCode":"BE","peppolId":"{{peppolId}}"}""")),
            HttpStatusCode.Conflict, "PeppolIdTaken");
        await AssertProblemAsync(await rival.Api.PutAsync($"/api/participants/{rival.ParticipantId}",
            Json($$"""{"name":"Rival NV (really)","countryCode":"BE","peppolId":"{{peppolId}}"}""")), HttpStatusCode.Conflict, "PeppolIdTaken");
    }

    [Fact]
    public async Task AnAccountClaimsAPeppolIdOnce()
    {
        using var claimant = await ClaimAsync("Twice NV");

        await AssertProblemAsync(await claimant.Api.PostAsync("/api/participants",
            Json($$"""{"name":"Twice NV again","countryCode":"BE","peppolId":"{{claimant.PeppolId}}"}""")), HttpStatusCode.Conflict, "PeppolIdTaken");
    }

    [Fact]
    public async Task VerifiedParticipant_IdentifierChangeMakesItPending_NameChangeDoesNot()
    {
        using var claimant = await ClaimAsync("Changing NV");
        using var console = await OperatorSession.SignInAsync(host);
        await console.FollowAsync(await console.VerifyAsync(claimant.ParticipantId));

        using (var renamed = await claimant.Api.PutAsync($"/api/participants/{claimant.ParticipantId}",
            Json($$"""{"name":"Changing NV (renamed)","countryCode":"BE","peppolId":"{{claimant.PeppolId}}","email":"ap@changing.test","address":"Elsewhere 2"}""")))
        {
            Assert.Equal("verified", (await BodyAsync(renamed)).GetProperty("status").GetString());
        }

        using (var revat = await claimant.Api.PutAsync($"/api/participants/{claimant.ParticipantId}",
            Json($$"""{"name":"Changing NV (renamed)","countryCode":"BE","peppolId":"{{claimant.PeppolId}}","euVatId":"BE0111222333"}""")))
        {
            Assert.Equal("pending", (await BodyAsync(revat)).GetProperty("status").GetString());
        }

        var stored = await StoredAsync(claimant.ParticipantId);
        Assert.Equal(ParticipantService.IdentifiersChanged, stored.StatusReason);
        Assert.False((await LookupAsync(claimant.PeppolId)).GetProperty("registered").GetBoolean());
        Assert.True(await host.WithDbAsync(db => db.AuditEvents.AnyAsync(e =>
            e.Target == "participant:" + claimant.ParticipantId && e.Action == "participant.updated" && e.Detail!.Contains("back to pending"))));
    }

    [Fact]
    public async Task RejectedParticipant_EditedByItsAccount_IsResubmitted()
    {
        using var claimant = await ClaimAsync("Typo NV");
        using var console = await OperatorSession.SignInAsync(host);
        await console.FollowAsync(await console.RejectAsync(claimant.ParticipantId, "The VAT number is missing."));

        using var fixedUp = await claimant.Api.PutAsync($"/api/participants/{claimant.ParticipantId}",
            Json($$"""{"name":"Typo NV","countryCode":"BE","peppolId":"{{claimant.PeppolId}}","euVatId":"BE0222333444"}"""));

        Assert.Equal("pending", (await BodyAsync(fixedUp)).GetProperty("status").GetString());
        var queue = await console.OpenAsync();
        Assert.NotNull(queue.Find($"#pending-{claimant.ParticipantId}"));
    }

    [Fact]
    public async Task DeveloperAppToken_LosesARejectedParticipantAtItsNextRefresh_AndRegainsItOnceVerified()
    {
        using var claimant = await ClaimAsync("Granted NV");
        using var console = await OperatorSession.SignInAsync(host);
        await console.FollowAsync(await console.VerifyAsync(claimant.ParticipantId));
        var flow = new OAuthFlow(host);
        var token = await flow.AuthorizeAndExchangeAsync(claimant.Company.AdminEmail, TestCompany.Password, scope: "read_participant_info",
            participants: [claimant.ParticipantId.ToString()]);
        Assert.Equal([claimant.ParticipantId.ToString()], ParticipantIdsOf(token.AccessToken!));

        await console.FollowAsync(await console.RejectAsync(claimant.ParticipantId, "Verification withdrawn: the register changed owner.", claimant.Company.Name));

        // At once, the API shows the app nothing of it; the account's own API key still sees it, with its status.
        using (var app = Client(host, token.AccessToken!))
        {
            Assert.Empty(await ListAllAsync(app, "/api/participants"));
            Assert.Equal(HttpStatusCode.NotFound, (await app.GetAsync($"/api/participants/{claimant.ParticipantId}")).StatusCode);
        }

        var own = await ListAllAsync(claimant.Api, "/api/participants");
        Assert.Equal("rejected", Assert.Single(own).GetProperty("status").GetString());

        // Its next refresh drops it; the grant keeps it, so a later refresh brings it back once verified again.
        var refreshed = await flow.RefreshAsync(token.RefreshToken!);
        Assert.Empty(ParticipantIdsOf(refreshed.AccessToken!));
        Assert.Contains(claimant.ParticipantId, await host.WithDbAsync(db => db.Grants.Where(g => g.AccountId == claimant.Company.AccountId)
            .SelectMany(g => g.Participants.Select(p => p.ParticipantId)).ToListAsync()));
        await console.FollowAsync(await console.VerifyAsync(claimant.ParticipantId, claimant.Company.Name));
        var again = await flow.RefreshAsync(refreshed.RefreshToken!);
        Assert.Equal([claimant.ParticipantId.ToString()], ParticipantIdsOf(again.AccessToken!));
    }

    [Fact]
    public async Task Documents_OfAParticipantNoLongerVerified_AreHiddenUntilVerifiedAgain()
    {
        using var claimant = await ClaimAsync("Receiving NV");
        using var console = await OperatorSession.SignInAsync(host);
        await console.FollowAsync(await console.VerifyAsync(claimant.ParticipantId));
        var sent = await DemoCompanySendsToAsync(claimant.PeppolId);
        Assert.Single(await ListAllAsync(claimant.Api, "/api/documents/incoming"));

        await console.FollowAsync(await console.RejectAsync(claimant.ParticipantId, "Withdrawn.", claimant.Company.Name));

        Assert.Empty(await ListAllAsync(claimant.Api, "/api/documents/incoming"));
        await console.FollowAsync(await console.VerifyAsync(claimant.ParticipantId, claimant.Company.Name));
        Assert.Equal(sent.GetProperty("number").GetString(), Assert.Single(await ListAllAsync(claimant.Api, "/api/documents/incoming")).GetProperty("number").GetString());
    }

    [Fact]
    public async Task ApiAccount_ShowsStatus_ApiKeySeesPendingParticipants()
    {
        using var claimant = await ClaimAsync("Status Shown NV");

        using var response = await claimant.Api.GetAsync("/api/account");
        var participant = Assert.Single((await BodyAsync(response)).GetProperty("participants").EnumerateArray());

        Assert.Equal(claimant.ParticipantId, participant.GetProperty("id").GetGuid());
        Assert.Equal("pending", participant.GetProperty("status").GetString());
    }

    [Fact]
    public async Task VerifiedPeppolId_IsUniqueInTheDatabaseItself()
    {
        var first = await TestAccounts.NewCompanyAsync(host);
        var claimant = await TestAccounts.NewCompanyAsync(host);
        var second = await TestAccounts.NewCompanyAsync(host);
        var peppolId = TestAccounts.NewPeppolId();
        await TestAccounts.AddParticipantAsync(host, first.AccountId, "First NV", "BE0000000001", "BE", peppolId);

        // Pending claims beside a verified holder are rows like any other ...
        await TestAccounts.AddParticipantAsync(host, claimant.AccountId, "Pending Claim NV", "BE0000000002", "BE", peppolId, ParticipantStatus.Pending);

        // ... but a second verified holder is refused by the filtered unique index, whatever the code above it does.
        await Assert.ThrowsAsync<DbUpdateException>(() =>
            TestAccounts.AddParticipantAsync(host, second.AccountId, "Second NV", "BE0000000003", "BE", peppolId.Replace("0208:", "0208: ", StringComparison.Ordinal)));
    }

    private static List<string> ParticipantIdsOf(string accessToken) =>
        [.. OAuthFlow.Payload(accessToken).GetProperty("participant_ids").EnumerateArray().Select(p => p.GetString()!)];
}
