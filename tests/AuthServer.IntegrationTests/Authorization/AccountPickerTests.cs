using System.Net;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Authorization;

/// <summary>
/// A user in several accounts chooses which one a Developer Application acts for (SPEC §4 method 3). The
/// demo data makes the integrator's developer a Member of Demo Company too (Demo:Memberships).
/// </summary>
public sealed class AccountPickerTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly AuthServerFactory _factory = factory;
    private readonly OAuthFlow _flow = new(factory);

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
