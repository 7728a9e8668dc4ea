using System.Net;
using AuthServer.Core.Accounts;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Authorization;

/// <summary>A user in several accounts chooses which one a Developer Application acts for (SPEC §4 method 3).</summary>
public sealed class AccountPickerTests : IClassFixture<AuthServerFactory>, IAsyncLifetime
{
    private readonly AuthServerFactory _factory;
    private readonly OAuthFlow _flow;

    public AccountPickerTests(AuthServerFactory factory)
    {
        _factory = factory;
        _flow = new OAuthFlow(factory);
    }

    /// <summary>The integrator's developer is also a Member of Demo Company, on this class's own host.</summary>
    public Task InitializeAsync() => _factory.WithDbAsync(async db =>
    {
        var demo = db.Accounts.Single(a => a.Name == "Demo Company").Id;
        var developer = db.Users.Single(u => u.Email == OAuthFlow.Integrator).Id;
        if (!db.Memberships.Any(m => m.AccountId == demo && m.UserId == developer))
        {
            db.Memberships.Add(new Membership { AccountId = demo, UserId = developer, Role = AccountRole.Member });
            await db.SaveChangesAsync();
        }

        return true;
    });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SeveralAccounts_PickerFirstThenConsentForThePickedAccount()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var picker = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge, extra: new Dictionary<string, string> { ["euVatId"] = "CZ12345678" }));
        Assert.Contains("id=\"account-picker\"", picker.Html, StringComparison.Ordinal);
        Assert.Contains("Integrator Ltd", picker.Html, StringComparison.Ordinal);
        Assert.Contains("Demo Company", picker.Html, StringComparison.Ordinal);
        var demo = await _factory.WithDbAsync(db => Task.FromResult(db.Accounts.Single(a => a.Name == "Demo Company").Id.ToString()));

        using var picked = await OAuthFlow.PostAsync(browser, picker, "pick", scopes: [], participants: [], accountId: demo);

        Assert.Equal(HttpStatusCode.OK, picked.StatusCode);
        var consent = new ConsentPage(picked.StatusCode, await picked.Content.ReadAsStringAsync());
        Assert.Contains("For account <strong>Demo Company</strong>", consent.Html, StringComparison.Ordinal);
        var czech = (await _flow.ParticipantIdAsync("CZ12345678")).ToString();
        Assert.Equal([czech], consent.CheckedParticipants);
        var code = (await OAuthFlow.ApproveAsync(browser, consent))["code"];
        var token = await _flow.ExchangeAsync(code, OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, verifier);
        var (_, account) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal("Demo Company", account.GetProperty("accountName").GetString());
    }

    [Fact]
    public async Task Pick_AccountTheUserIsNotIn_Refused()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var picker = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));

        using var response = await OAuthFlow.PostAsync(browser, picker, "pick", scopes: [], participants: [], accountId: Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("id=\"consent-form\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
