using System.Net;
using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.IntegrationTests.Lookup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Operators;

/// <summary>
/// Issue 13 acceptance 3: suspending an account refuses everything its credentials open, at once, and
/// reinstating it restores all of it but what was revoked meanwhile. A Developer Application of a suspended
/// company stops for all its customers; a suspended customer's grants stop too.
/// </summary>
public sealed class SuspensionTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    /// <summary>A company in business: an API key with a live token pair, a verified participant, an affiliate ID.</summary>
    private sealed record Company(TestCompany Account, string ClientId, string Secret, TokenResponse Token, Guid ParticipantId, string PeppolId, string VatId, Guid AffiliateId);

    private async Task<Company> CompanyAsync()
    {
        var account = await TestAccounts.NewCompanyAsync(host);
        var (clientId, secret) = await TestAccounts.ApiKeyAsync(host, account);
        using var client = host.CreateClient();
        var token = await ClientCredentialsAsync(client, "read_participant_info", clientId, secret);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var peppolId = TestAccounts.NewPeppolId();
        var vat = "BE" + peppolId[5..];
        var participant = await TestAccounts.AddParticipantAsync(host, account.AccountId, account.Name + " NV", vat, "BE", peppolId);
        var affiliate = await Affiliates.CreateAsync(host, account.Name);
        return new Company(account, clientId, secret, token, participant, peppolId, vat, affiliate);
    }

    private async Task<HttpStatusCode> LookupStatusAsync(Guid affiliateId, string query)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(Affiliates.LookupUrl(affiliateId, query));
        return response.StatusCode;
    }

    private async Task<bool> RegisteredAsync(string query)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(Affiliates.LookupUrl(LookupHost.DemoAffiliateId, query));
        return (await ApiClients.BodyAsync(response)).GetProperty("registered").GetBoolean();
    }

    private async Task SuspendOrReinstateAsync(TestCompany company, string reason)
    {
        using var console = await OperatorSession.SignInAsync(host);
        await console.FollowAsync(await console.SuspendOrReinstateAsync(company.AccountId, company.Name, reason));
    }

    [Fact]
    public async Task Suspend_RefusesEverythingAtOnce_ReinstateRestoresIt()
    {
        var company = await CompanyAsync();
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/account", company.Token.AccessToken)).Status);
        var wrongSecret = await ClientCredentialsAsync(client, null, company.ClientId, "sk_wrong");

        await SuspendOrReinstateAsync(company.Account, "Unpaid invoices since March.");

        // The access token it already holds: 401 AccountSuspended, problem+json with a Bearer challenge.
        var (_, _, refused) = await GetAsync(client, "/api/account", company.Token.AccessToken);
        await ApiClients.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "AccountSuspended");
        Assert.StartsWith("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        // Its client at the token endpoint: invalid_client, the very answer of a wrong secret, for every grant.
        var credentials = await ClientCredentialsAsync(client, null, company.ClientId, company.Secret);
        var refresh = await RefreshAsync(client, company.Token.RefreshToken, company.ClientId, company.Secret);
        var renew = await RenewAsync(client, company.Token.RefreshToken);
        foreach (var answer in new[] { credentials, refresh, renew })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal(wrongSecret.Json.GetRawText(), answer.Json.GetRawText());
        }

        var introspect = await PostFormAsync(client, "/api/auth/introspect", new() { ["token"] = company.Token.AccessToken }, Basic(company.ClientId, company.Secret));
        Assert.Equal("invalid_client", introspect.Error);

        // Its participants are not on this access point, and not delivered to; its affiliate IDs are refused.
        Assert.False(await RegisteredAsync("peppolId=" + company.PeppolId));
        Assert.False(await RegisteredAsync("euVatId=" + company.VatId));
        Assert.Equal(HttpStatusCode.Forbidden, await LookupStatusAsync(company.AffiliateId, "peppolId=" + ApiClients.DemoBvPeppolId));
        using (var lookup = await client.GetAsync(Affiliates.LookupUrl(company.AffiliateId, "peppolId=" + ApiClients.DemoBvPeppolId)))
        {
            await ApiClients.AssertProblemAsync(lookup, HttpStatusCode.Forbidden, "AffiliateIdRevoked");
        }

        using (var demo = ApiClients.Client(host, await ApiClients.ApiKeyTokenAsync(host, "send_documents")))
        {
            await ApiClients.SendAsync(demo, await ApiClients.ParticipantIdAsync(host, ApiClients.DemoBvPeppolId), company.PeppolId, "INV-SUSP");
        }

        Assert.False(await host.WithDbAsync(db => db.Documents.AnyAsync(d => d.AccountId == company.Account.AccountId)));

        // Its people see why, on every settings page; the Admins got a mail.
        using (var admin = await SignedIn.ClientAsync(host, company.Account.AdminEmail, TestCompany.Password))
        {
            foreach (var path in new[] { "/settings", "/settings/participants", "/settings/api-key", "/developers", "/" })
            {
                var page = await HtmlPage.GetAsync(admin, path);
                Assert.Contains("Unpaid invoices since March.", page.Text("#account-suspended"), StringComparison.Ordinal);
            }
        }

        var mail = await Mailbox.FindAsync(host, company.Account.AdminEmail, $"{company.Account.Name} is suspended");
        Assert.Contains("Unpaid invoices since March.", Mailbox.Text(mail), StringComparison.Ordinal);

        await SuspendOrReinstateAsync(company.Account, "Paid in full.");

        // Everything is back, the token it held included: a suspension revokes nothing.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/account", company.Token.AccessToken)).Status);
        var fresh = await ClientCredentialsAsync(client, "read_participant_info", company.ClientId, company.Secret);
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/account", fresh.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, company.Token.RefreshToken, company.ClientId, company.Secret)).Status);
        Assert.True(await RegisteredAsync("peppolId=" + company.PeppolId));
        Assert.Equal(HttpStatusCode.OK, await LookupStatusAsync(company.AffiliateId, "peppolId=" + ApiClients.DemoBvPeppolId));
        Assert.Contains("Paid in full.", Mailbox.Text(await Mailbox.FindAsync(host, company.Account.AdminEmail, $"{company.Account.Name} is reinstated")),
            StringComparison.Ordinal);
        using var reinstated = await SignedIn.ClientAsync(host, company.Account.AdminEmail, TestCompany.Password);
        Assert.Null((await HtmlPage.GetAsync(reinstated, "/settings")).Find("#account-suspended"));
    }

    [Fact]
    public async Task RevokedWhileSuspended_StaysRevokedAfterReinstating()
    {
        var company = await CompanyAsync();
        await SuspendOrReinstateAsync(company.Account, "Investigating a leak.");

        // The account deletes the secret that started the family while suspended (its pages still work).
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Core.Data.AuthServerDbContext>();
            var client = await db.Clients.SingleAsync(c => c.ClientId == company.ClientId);
            var secret = await db.ClientSecrets.Where(s => s.ApplicationId == client.Id).Select(s => s.Id).SingleAsync();
            Assert.True(await scope.ServiceProvider.GetRequiredService<ClientRegistry>().DeleteSecretAsync(client, secret,
                new AuditEntry(company.Account.AccountId, "system", AuditActions.SecretDeleted), CancellationToken.None));
        }

        await SuspendOrReinstateAsync(company.Account, "Leak contained.");

        using var http = host.CreateClient();
        var (_, _, response) = await GetAsync(http, "/api/account", company.Token.AccessToken);
        await ApiClients.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "AccessTokenRevoked");
        Assert.Equal("invalid_grant", (await RenewAsync(http, company.Token.RefreshToken)).Error);
    }

    [Fact]
    public async Task DeveloperApplicationOfASuspendedCompany_StopsForEveryCustomer()
    {
        var owner = await CompanyAsync();
        var appId = ClientRegistry.NewClientId();
        string appSecret;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
            var app = await clients.CreateAsync(new ClientRegistration(owner.Account.AccountId, ClientKind.DeveloperApp, appId, "Owner's App",
                [OAuthFlow.DemoRedirect], ["read_participant_info"], RequirePkce: true), CancellationToken.None);
            appSecret = await clients.AddSecretAsync(app, "system", CancellationToken.None);
        }

        // Demo Company (not suspended) authorizes it.
        var flow = new OAuthFlow(host);
        var token = await flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, appId, appSecret, "read_participant_info");
        Assert.Equal(HttpStatusCode.OK, (await flow.GetAccountAsync(token.AccessToken!)).Status);

        await SuspendOrReinstateAsync(owner.Account, "Phishing reported.");

        var (status, body) = await flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AccountSuspended", body.GetProperty("code").GetString());
        Assert.Equal("invalid_client", (await flow.RefreshAsync(token.RefreshToken!, appId, appSecret)).Error);
        using var browser = await flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(appId, OAuthFlow.NewPkce().Challenge, "read_participant_info"));
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("This application is not available", page.Html, StringComparison.Ordinal);
        Assert.Empty(page.OfferedScopes);
    }

    [Fact]
    public async Task SuspendedCustomer_ItsGrantsStop_AndItCannotAuthorize()
    {
        var customer = await TestAccounts.NewCompanyAsync(host);
        var participant = await TestAccounts.AddParticipantAsync(host, customer.AccountId, "Customer NV", "BE0777000111", "BE", TestAccounts.NewPeppolId());
        var flow = new OAuthFlow(host);
        var token = await flow.AuthorizeAndExchangeAsync(customer.AdminEmail, TestCompany.Password, scope: "read_participant_info", participants: [participant.ToString()]);

        await SuspendOrReinstateAsync(customer, "Chargeback fraud.");

        Assert.Equal("AccountSuspended", (await flow.GetAccountAsync(token.AccessToken!)).Body.GetProperty("code").GetString());
        var refreshed = await flow.RefreshAsync(token.RefreshToken!);
        Assert.Equal("invalid_grant", refreshed.Error); // the app is fine; the customer's account is not
        using var browser = await flow.LogInAsync(customer.AdminEmail, TestCompany.Password);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, "read_participant_info"));
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains($"{customer.Name} is suspended", page.Html, StringComparison.Ordinal);

        await SuspendOrReinstateAsync(customer, "Cleared.");
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(token.RefreshToken!)).Status); // not burnt by the refusal
    }

    [Fact]
    public async Task AnotherInstance_RefusesWithinAPoll_AndAcceptsAgainAfterReinstating()
    {
        var company = await CompanyAsync();
        await using var second = AuthServerFactory.OnDatabase(host.Database, host.Time);
        using var secondClient = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(secondClient, "/api/account", company.Token.AccessToken)).Status);

        await SuspendOrReinstateAsync(company.Account, "Suspended on the first instance.");

        Assert.Equal(HttpStatusCode.Unauthorized, await WaitForStatusAsync(secondClient, company.Token.AccessToken, HttpStatusCode.Unauthorized));
        await SuspendOrReinstateAsync(company.Account, "Reinstated on the first instance.");
        Assert.Equal(HttpStatusCode.OK, await WaitForStatusAsync(secondClient, company.Token.AccessToken, HttpStatusCode.OK));
    }

    /// <summary>SPEC §4's bound for another instance (1 s poll), with room for a loaded machine.</summary>
    private static async Task<HttpStatusCode> WaitForStatusAsync(HttpClient client, string accessToken, HttpStatusCode expected)
    {
        var status = HttpStatusCode.InternalServerError;
        for (var attempt = 0; attempt < 50 && status != expected; attempt++)
        {
            status = (await GetAsync(client, "/api/account", accessToken)).Status;
            if (status != expected)
            {
                await Task.Delay(100);
            }
        }

        return status;
    }
}
