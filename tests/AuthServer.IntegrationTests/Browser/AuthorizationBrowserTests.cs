using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>Issue 5 acceptance 1 in headless chromium: the whole method 3 journey as people click through it.</summary>
public sealed class AuthorizationBrowserTests(KestrelAuthServerFactory host, ITestOutputHelper output) : IClassFixture<KestrelAuthServerFactory>
{
    [BrowserFact]
    public async Task DeveloperApp_CreatedThenAuthorizedWithEuVatIdPreselection_TokenSeesExactlyThatParticipant()
    {
        using var driver = Infrastructure.Browser.Start();
        var callback = host.BaseUrl + "/oauth-test-callback";

        // The integrator registers an application.
        new LoginPage(driver, host.BaseUrl).Open().LogIn(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var created = new DevelopersPage(driver, host.BaseUrl).Open().New()
            .Fill("Peppol Books", "https://books.example", [callback], ["read_participant_info", "send_documents"])
            .Create();
        var (clientId, secret) = (created.ClientId, created.ClientSecret);
        Save(driver, "developers-created");
        Assert.Contains(clientId, new DevelopersPage(driver, host.BaseUrl).Open().ClientIds);
        Save(driver, "developers");
        driver.Navigate().GoToUrl(host.BaseUrl + "/developers/" + clientId);
        Save(driver, "developers-app");

        // A customer arrives with the euVatId of their second participant, typed loosely.
        driver.Manage().Cookies.DeleteAllCookies();
        var (verifier, challenge) = OAuthFlow.NewPkce();
        driver.Navigate().GoToUrl(host.BaseUrl + OAuthFlow.AuthorizeUrl(clientId, challenge, "read_participant_info send_documents", callback, "st-42",
            new Dictionary<string, string> { ["euVatId"] = "cz 1234 5678" }));
        new LoginPage(driver, host.BaseUrl).LogIn(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        var consent = new ConsentScreen(driver);
        var czech = (await host.WithDbAsync(db => Task.FromResult(db.Participants.Single(p => p.EuVatIdKey == "CZ12345678").Id))).ToString();
        var belgian = (await host.WithDbAsync(db => Task.FromResult(db.Participants.Single(p => p.EuVatIdKey == "BE0123456789").Id))).ToString();
        Assert.Contains("Peppol Books", consent.Heading, StringComparison.Ordinal);
        Assert.Equal([czech], consent.CheckedParticipantIds);
        Assert.Equal([czech], consent.HighlightedParticipantIds);
        Assert.NotEqual(consent.BackgroundOf(belgian), consent.BackgroundOf(czech));
        Assert.Equal(["read_participant_info", "send_documents"], consent.CheckedScopes);
        Save(driver, "consent-desktop");

        driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        Assert.False(consent.ScrollsSideways, "the consent screen scrolls sideways on a 390 px phone");
        Save(driver, "consent-390");
        ((OpenQA.Selenium.IJavaScriptExecutor)driver).ExecuteScript("window.scrollTo(0, document.body.scrollHeight);");
        Save(driver, "consent-390-bottom");
        driver.Manage().Window.Size = new System.Drawing.Size(1200, 900);

        consent.Approve();

        var redirect = new Uri(driver.Url);
        Assert.Equal(callback, redirect.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("st-42", query["state"].ToString());
        Assert.Equal(host.BaseUrl + "/", query["iss"].ToString());

        // The integrator's back end exchanges the code with its secret and makes its first call.
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        using var exchange = await http.PostAsync("/api/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"].ToString(),
            ["redirect_uri"] = callback,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["code_verifier"] = verifier,
        }));
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var token = await exchange.Content.ReadFromJsonAsync<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        using var accountResponse = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, accountResponse.StatusCode);
        var account = await accountResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([czech], account.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(["read_participant_info", "send_documents"], account.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));

        // The customer sees the connection in their settings.
        Assert.Contains("Peppol Books", new ConnectedAppsPage(driver, host.BaseUrl).Open().AppNames);
        Save(driver, "connected-apps");
        driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        Save(driver, "connected-apps-390");
    }

    private void Save(OpenQA.Selenium.IWebDriver driver, string name) =>
        output.WriteLine("screenshot: " + Infrastructure.Browser.SaveScreenshot(driver, name));
}
