using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Authorization;
using AuthServer.Demo;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthServer.IntegrationTests.Authorization;

/// <summary>Method 3 end to end over HTTP: authorize, approve or deny, exchange, call the API (SPEC §4).</summary>
public sealed class AuthorizationCodeTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>, IAsyncLifetime
{
    private readonly OAuthFlow _flow = new(factory);

    /// <summary>Each test starts from a first authorization: no grant left by another test of this host.</summary>
    public Task InitializeAsync() => _flow.ForgetDemoAppGrantsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Approve_DeveloperApp_RedirectsWithCodeStateAndIssuer()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, state: "xyz-1"));

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", participants: page.OfferedParticipants.Take(1));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(OAuthFlow.DemoRedirect + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var query = OAuthFlow.RedirectQuery(response);
        Assert.False(string.IsNullOrEmpty(query["code"]));
        Assert.Equal("xyz-1", query["state"]);
        Assert.Equal("http://localhost/", query["iss"]);
    }

    [Fact]
    public async Task Exchange_ApprovedParticipantAndScopes_TokenCarriesExactlyThose()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");

        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword,
            scope: "read_participant_info send_documents", participants: [czech.ToString()]);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("read_participant_info send_documents", token.Scope);
        Assert.NotNull(token.RefreshToken);
        var (status, account) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([czech.ToString()], account.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(["read_participant_info", "send_documents"], account.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(OAuthFlow.DemoApp, account.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task Exchange_AccessToken_HasSubjectAccountGrantAndParticipantArray()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");

        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, participants: [czech.ToString()]);

        var payload = OAuthFlow.Payload(token.AccessToken!);
        var adminId = await factory.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == OAuthFlow.Admin).Id));
        Assert.Equal(adminId, payload.GetProperty("sub").GetString());
        Assert.Equal(JsonValueKind.Array, payload.GetProperty("participant_ids").ValueKind);
        Assert.Equal([czech.ToString()], payload.GetProperty("participant_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.True(payload.TryGetProperty("gid", out _));
        Assert.Equal(OAuthFlow.DemoApp, payload.GetProperty("client_id").GetString());
        Assert.Equal("http://localhost/api", payload.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Deny_RedirectsWithAccessDeniedAndState()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge, state: "deny-state"));

        using var response = await OAuthFlow.PostAsync(browser, page, "deny");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = OAuthFlow.RedirectQuery(response);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("deny-state", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Authorize_NotLoggedIn_GoesToLoginAndComesBack()
    {
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var url = OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge);

        using var response = await anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Matches(OAuthFlow.LoginPath(), location.AbsolutePath);
        var returnUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["ReturnUrl"].ToString();
        Assert.StartsWith("/api/auth/authorize?", returnUrl, StringComparison.Ordinal);
        Assert.Contains("client_id=demo-developer-app", returnUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_id", "no-such-client")]
    [InlineData("redirect_uri", "https://attacker.example/callback")]
    [InlineData("redirect_uri", "http://localhost:8080/callback/other")]
    [InlineData("redirect_uri", "http://evil.example:8080/callback")]
    public async Task Authorize_UnknownClientOrUnregisteredRedirect_ErrorPageWithoutRedirect(string parameter, string value)
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var url = OAuthFlow.AuthorizeUrl(parameter == "client_id" ? value : OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge,
            redirectUri: parameter == "redirect_uri" ? value : OAuthFlow.DemoRedirect);

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("This authorization request is not valid", html, StringComparison.Ordinal);
        Assert.Contains(parameter, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_PlainCodeChallenge_RefusedOnErrorPage()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var url = OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, null, extra: new Dictionary<string, string>
        {
            ["code_challenge"] = "plain-challenge-that-is-long-enough-0123456789",
            ["code_challenge_method"] = "plain",
        });

        using var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("code_challenge_method", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_RequirePkceClientWithoutChallenge_Refused()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        using var response = await browser.GetAsync(OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("code_challenge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_WrongCodeVerifier_InvalidGrant()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));
        var redirect = await OAuthFlow.ApproveAsync(browser, page, participants: page.OfferedParticipants.Take(1));

        var token = await _flow.ExchangeAsync(redirect["code"], OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, OAuthFlow.NewPkce().Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task Exchange_OtherRedirectUriThanAuthorized_InvalidGrant()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge, redirectUri: "http://localhost:51234/callback"));
        var redirect = await OAuthFlow.ApproveAsync(browser, page, participants: page.OfferedParticipants.Take(1));

        var token = await _flow.ExchangeAsync(redirect["code"], OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, verifier, OAuthFlow.DemoRedirect);

        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task Exchange_CodeOfAnotherClient_Refused()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge));
        var redirect = await OAuthFlow.ApproveAsync(browser, page, participants: page.OfferedParticipants.Take(1));

        var token = await _flow.ExchangeAsync(redirect["code"], OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task LoopbackRedirect_AnyPort_AuthorizesAndExchangesOnThatPort()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        const string redirectUri = "http://localhost:51234/callback";
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge, redirectUri: redirectUri));
        Assert.Equal(HttpStatusCode.OK, page.Status);

        using var response = await OAuthFlow.PostAsync(browser, page, "approve", participants: page.OfferedParticipants.Take(1));
        Assert.StartsWith(redirectUri + "?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var token = await _flow.ExchangeAsync(OAuthFlow.RedirectQuery(response)["code"], OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, verifier, redirectUri);

        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Fact]
    public async Task ReusedCode_InvalidGrantAndFirstExchangeTokensRevoked()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge));
        var code = (await OAuthFlow.ApproveAsync(browser, page, participants: page.OfferedParticipants.Take(1)))["code"];
        var first = await _flow.ExchangeAsync(code, OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, verifier);
        Assert.Equal(HttpStatusCode.OK, (await _flow.GetAccountAsync(first.AccessToken!)).Status);

        var second = await _flow.ExchangeAsync(code, OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("invalid_grant", second.Error);
        var (status, problem) = await _flow.GetAccountAsync(first.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AccessTokenRevoked", problem.GetProperty("code").GetString());
        Assert.Equal("invalid_grant", (await _flow.RefreshAsync(first.RefreshToken!)).Error);
    }

    [Fact]
    public async Task Refresh_DeveloperApp_RotatesAndKeepsParticipants()
    {
        var czech = await _flow.ParticipantIdAsync("CZ12345678");
        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword, participants: [czech.ToString()]);

        var refreshed = await _flow.RefreshAsync(token.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(token.RefreshToken, refreshed.RefreshToken);
        Assert.Equal([czech.ToString()], OAuthFlow.Payload(refreshed.AccessToken!).GetProperty("participant_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Renew_DeveloperAppRefreshToken_InvalidGrant()
    {
        var token = await _flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/renew", new { refresh_token = token.RefreshToken });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task ClientCredentials_DeveloperApp_UnauthorizedClient()
    {
        var token = await _flow.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = OAuthFlow.DemoApp,
            ["client_secret"] = OAuthFlow.DemoAppSecret,
        });

        Assert.Equal("unauthorized_client", token.Error);
    }

    [Fact]
    public async Task ConsentPage_SendsAntiFramingAndNoStoreHeaders()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        using var response = await browser.GetAsync(OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Contains("__RequestVerificationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsoleBanner_Method3LinkAndVerifier_WorkAsPrinted()
    {
        var demo = factory.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var lines = DemoAuthorizeLinks.For("http://localhost", demo).ToList();
        var url = lines.Single(l => l.Contains("Method 3:", StringComparison.Ordinal)).Split("open ")[1];
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        var page = await OAuthFlow.OpenAsync(browser, url);
        var code = (await OAuthFlow.ApproveAsync(browser, page))["code"];
        var token = await _flow.ExchangeAsync(code, demo.DeveloperApp.ClientId, demo.DeveloperApp.ClientSecret, DemoAuthorizeLinks.DemoCodeVerifier);

        Assert.Equal([(await _flow.ParticipantIdAsync("CZ12345678")).ToString()], page.CheckedParticipants);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Contains(lines, l => l.Contains("-d code_verifier=" + DemoAuthorizeLinks.DemoCodeVerifier, StringComparison.Ordinal));
    }
}
