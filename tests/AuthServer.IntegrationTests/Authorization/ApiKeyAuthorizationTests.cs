using System.Net;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Authorization;

/// <summary>Method 2 (SPEC §4): the authorization code flow with the account's own API key.</summary>
public sealed class ApiKeyAuthorizationTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly OAuthFlow _flow = new(factory);

    /// <summary>PKCE is required of the API key too, unless its page opts out (OAuth 2.1, SPEC §4).</summary>
    private readonly (string Verifier, string Challenge) _pkce = OAuthFlow.NewPkce();

    [Fact]
    public async Task Member_ApprovesApiKey_TokenActsForWholeAccount()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Member, OAuthFlow.MemberPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApiKey, challenge: _pkce.Challenge, "read_participant_info send_documents"));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Empty(page.OfferedParticipants); // no participant picker: the API key acts for the whole account
        Assert.Contains("own API key", page.Html, StringComparison.Ordinal);

        var redirect = await OAuthFlow.ApproveAsync(browser, page);
        var token = await _flow.ExchangeAsync(redirect["code"], OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret, verifier: _pkce.Verifier);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("read_participant_info send_documents", token.Scope);
        var (status, account) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Demo Company", account.GetProperty("accountName").GetString());
        Assert.Equal(2, account.GetProperty("participants").GetArrayLength());
        var payload = OAuthFlow.Payload(token.AccessToken!);
        Assert.False(payload.TryGetProperty("participant_ids", out _));
        Assert.False(payload.TryGetProperty("gid", out _));
    }

    [Fact]
    public async Task OtherAccountsUser_ApiKey_ErrorPageWithoutRedirect()
    {
        // Demo Company's Admin is no member of Integrator Ltd (its developer is one of Demo Company: the demo's second membership).
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        using var response = await browser.GetAsync(OAuthFlow.AuthorizeUrl(ApiClients.IntegratorApiKey, challenge: _pkce.Challenge));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("You cannot authorize this API key", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"consent-form\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherAccountsUser_PostingApproval_Refused()
    {
        // A consent form fetched by a member, posted by someone else: still refused, nothing issued.
        using var member = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var page = await OAuthFlow.OpenAsync(member, OAuthFlow.AuthorizeUrl(ApiClients.IntegratorApiKey, challenge: _pkce.Challenge));
        using var outsider = await _flow.LogInAsync(OAuthFlow.Member, OAuthFlow.MemberPassword);
        var outsiderToken = Forms.AntiforgeryToken((await OAuthFlow.OpenAsync(outsider, "/settings")).Html);
        var fields = Forms.HiddenFields(page.Html);
        fields.Add(new("__RequestVerificationToken", outsiderToken));
        fields.Add(new("Input.Scopes", "send_documents"));

        using var response = await outsider.PostAsync("/api/auth/authorize?handler=approve", new FormUrlEncodedContent(fields));

        Assert.Null(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Member_AdminScope_NotOffered()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Member, OAuthFlow.MemberPassword);

        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApiKey, challenge: _pkce.Challenge, "admin read_all_documents"));

        Assert.Equal(["read_all_documents"], page.OfferedScopes);
        Assert.Contains("id=\"admin-withheld\"", page.Html, StringComparison.Ordinal);
        using var response = await OAuthFlow.PostAsync(browser, page, "approve", scopes: ["admin", "read_all_documents"]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Admin_AdminScope_OfferedAndGranted()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApiKey, challenge: _pkce.Challenge, "admin read_all_documents"));
        Assert.Equal(["admin", "read_all_documents"], page.OfferedScopes);

        var redirect = await OAuthFlow.ApproveAsync(browser, page);
        var token = await _flow.ExchangeAsync(redirect["code"], OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret, verifier: _pkce.Verifier);

        Assert.Equal("admin read_all_documents", token.Scope);
    }

    [Fact]
    public async Task NoScopeRequested_OffersClientDefaultWithoutAdmin()
    {
        using var browser = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApiKey, challenge: _pkce.Challenge, scope: ""));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["read_participant_info", "send_documents", "receive_documents", "receive_all_documents", "read_all_documents"], page.OfferedScopes);
    }
}
