using System.Net;
using AuthServer.Core.Participants;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.IntegrationTests.Lookup;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.ApiClients;

namespace AuthServer.IntegrationTests.Operators;

/// <summary>
/// Issue 13 acceptance 5: <c>Participants:Verification=Automatic</c> keeps the behaviour from before verification
/// existed (a single-company install): a new participant takes part at once, from the API and the page.
/// </summary>
public sealed class AutomaticVerificationTests(AutomaticVerificationFactory host) : IClassFixture<AutomaticVerificationFactory>
{
    [Fact]
    public async Task ApiCreate_VerifiedAtOnce_FoundAndDeliveredTo()
    {
        using var admin = Client(host, await ApiKeyTokenAsync(host, "admin"));
        var peppolId = TestAccounts.NewPeppolId();

        using var created = await admin.PostAsync("/api/participants", Json($$"""{"name":"At Once NV","countryCode":"BE","peppolId":"{{peppolId}}"}"""));
        var body = await BodyAsync(created);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("verified", body.GetProperty("status").GetString());
        using var lookup = await host.CreateClient().GetAsync(Affiliates.LookupUrl(LookupHost.DemoAffiliateId, "peppolId=" + peppolId));
        Assert.True((await BodyAsync(lookup)).GetProperty("registered").GetBoolean());
        using var integrator = Client(host, await ApiKeyTokenAsync(host, "send_documents", IntegratorApiKey, IntegratorApiKeySecret));
        await SendAsync(integrator, await ParticipantIdAsync(host, IntegratorPeppolId), peppolId, "INV-AUTO");
        Assert.Single(await ListAllAsync(admin, "/api/documents/incoming"), d => d.GetProperty("participantId").GetGuid() == body.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task PageAdd_VerifiedAtOnce()
    {
        var company = await TestAccounts.NewCompanyAsync(host);
        using var admin = await SignedIn.ClientAsync(host, company.AdminEmail, TestCompany.Password);
        var page = await HtmlPage.GetAsync(admin, "/settings/participants");
        Assert.Null(page.Find("#verification-note"));

        using var response = await page.SubmitAsync(admin, "#add-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Page NV", ["Input.PeppolId"] = TestAccounts.NewPeppolId(), ["Input.CountryCode"] = "BE",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ParticipantStatus.Verified, await host.WithDbAsync(db => db.Participants.Where(p => p.AccountId == company.AccountId).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task VerifiedAtOnce_RejectsPendingClaimsLeftFromOperatorMode_AndMailsTheirAdmins()
    {
        var claimant = await TestAccounts.NewCompanyAsync(host);
        var peppolId = TestAccounts.NewPeppolId();
        var claim = await TestAccounts.AddParticipantAsync(host, claimant.AccountId, "Left Pending NV", "BE0123123123", "BE", peppolId, ParticipantStatus.Pending);
        using var admin = Client(host, await ApiKeyTokenAsync(host, "admin"));

        using var created = await admin.PostAsync("/api/participants", Json($$"""{"name":"Owner NV","countryCode":"BE","peppolId":"{{peppolId}}"}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = await host.WithDbAsync(db => db.Participants.AsNoTracking().SingleAsync(p => p.Id == claim));
        Assert.Equal(ParticipantStatus.Rejected, stored.Status);
        Assert.Equal(ParticipantService.ClaimVerifiedElsewhere, stored.StatusReason);
        await Mailbox.FindAsync(host, claimant.AdminEmail, "Left Pending NV was not verified");
    }
}
