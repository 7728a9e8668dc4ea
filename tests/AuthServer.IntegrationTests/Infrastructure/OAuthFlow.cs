using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// Drives the authorization code flow over real HTTP, as a browser and a client application would:
/// log in through the Identity form, open the authorize URL, post the consent form back with its own
/// hidden fields and antiforgery token, exchange the code.
/// </summary>
public sealed partial class OAuthFlow(AuthServerFactory factory)
{
    public const string DemoApp = Tokens.DeveloperAppId;
    public const string DemoAppSecret = Tokens.DeveloperAppSecret;
    public const string DemoApiKey = Tokens.ApiKeyId;
    public const string DemoApiKeySecret = Tokens.ApiKeySecret;
    public const string DemoRedirect = "http://localhost:8080/callback";
    public const string Admin = SignedIn.AdminEmail;
    public const string AdminPassword = SignedIn.AdminPassword;
    public const string Member = SignedIn.MemberEmail;
    public const string MemberPassword = SignedIn.MemberPassword;
    public const string Integrator = SignedIn.IntegratorEmail;
    public const string IntegratorPassword = SignedIn.IntegratorPassword;

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (verifier, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(string clientId, string? challenge, string scope = "read_participant_info send_documents",
        string redirectUri = DemoRedirect, string state = "state-123", IDictionary<string, string>? extra = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
        };
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = "S256";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            query[key] = value;
        }

        return QueryHelpers.AddQueryString("/api/auth/authorize", query);
    }

    /// <summary>
    /// Forgets every grant of the demo Developer Application, so a test sees the consent screen of a first
    /// authorization (a grant left by another test of the same host would be offered ticked).
    /// </summary>
    public Task ForgetDemoAppGrantsAsync() =>
        factory.WithDbAsync(db => db.Grants.Where(g => g.Client!.ClientId == DemoApp).ExecuteDeleteAsync());

    /// <summary>A browser-like client (cookies, no automatic redirects) signed in through the login form.</summary>
    public Task<HttpClient> LogInAsync(string email, string password) => SignedIn.ClientAsync(factory, email, password);

    public static async Task<ConsentPage> OpenAsync(HttpClient browser, string url)
    {
        using var response = await browser.GetAsync(url);
        return new ConsentPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Posts the page's form (consent or account picker) back with the given choices, to the handler of the
    /// button pressed: <c>approve</c>, <c>deny</c> or <c>pick</c>.
    /// </summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient browser, ConsentPage page, string decision,
        IEnumerable<string>? scopes = null, IEnumerable<string>? participants = null, string? accountId = null)
    {
        // The fields of that form only, as a browser posts them (the top bar's account switcher has its own).
        var fields = Forms.HiddenFields(page.Html, "#consent-form, #account-picker").Where(f => accountId is null || f.Key != "Input.AccountId").ToList();
        fields.Add(new("__RequestVerificationToken", Forms.AntiforgeryToken(page.Html)));
        if (accountId is not null)
        {
            fields.Add(new("Input.AccountId", accountId));
        }

        fields.AddRange((scopes ?? page.CheckedScopes).Select(s => new KeyValuePair<string, string>("Input.Scopes", s)));
        fields.AddRange((participants ?? page.CheckedParticipants).Select(p => new KeyValuePair<string, string>("Input.ParticipantIds", p)));
        return await browser.PostAsync("/api/auth/authorize?handler=" + decision, new FormUrlEncodedContent(fields));
    }

    /// <summary>Approves with what the page had ticked (or the given choices) and returns the redirect's query.</summary>
    public static async Task<Dictionary<string, string>> ApproveAsync(HttpClient browser, ConsentPage page,
        IEnumerable<string>? scopes = null, IEnumerable<string>? participants = null)
    {
        using var response = await PostAsync(browser, page, "approve", scopes, participants);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return RedirectQuery(response);
    }

    public static Dictionary<string, string> RedirectQuery(HttpResponseMessage response) =>
        QueryHelpers.ParseQuery(response.Headers.Location!.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>Logs in, opens the authorize URL, approves what is pre-ticked, exchanges the code.</summary>
    public async Task<TokenResult> AuthorizeAndExchangeAsync(string email, string password, string clientId = DemoApp, string secret = DemoAppSecret,
        string scope = "read_participant_info send_documents", IDictionary<string, string>? extra = null, IEnumerable<string>? participants = null)
    {
        using var browser = await LogInAsync(email, password);
        var (verifier, challenge) = NewPkce();
        var page = await OpenAsync(browser, AuthorizeUrl(clientId, challenge, scope, extra: extra));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var redirect = await ApproveAsync(browser, page, participants: participants ?? (page.CheckedParticipants.Count > 0 ? null : page.OfferedParticipants.Take(1)));
        return await ExchangeAsync(redirect["code"], clientId, secret, verifier);
    }

    public async Task<TokenResult> ExchangeAsync(string code, string clientId, string? secret, string? verifier, string redirectUri = DemoRedirect)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = clientId,
        };
        if (secret is not null)
        {
            form["client_secret"] = secret;
        }

        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return await TokenAsync(form);
    }

    public Task<TokenResult> RefreshAsync(string refreshToken, string clientId = DemoApp, string secret = DemoAppSecret) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });

    public async Task<TokenResult> TokenAsync(Dictionary<string, string> form)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/auth/token", new FormUrlEncodedContent(form));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        string? Read(string name) => json.TryGetProperty(name, out var value) ? value.GetString() : null;
        return new TokenResult(response.StatusCode, Read("access_token"), Read("refresh_token"), Read("scope"), Read("error"), Read("error_description"));
    }

    /// <summary>GET /api/account with the token: (status, body, problem code if any).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAccountAsync(string accessToken)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The JWT's payload, to check the claims as an integrator would read them.</summary>
    public static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1];
        return JsonDocument.Parse(WebEncoders.Base64UrlDecode(part)).RootElement.Clone();
    }

    /// <summary>Ids of the demo account's participants by euVatId key.</summary>
    public async Task<Guid> ParticipantIdAsync(string euVatIdKey) =>
        await factory.WithDbAsync(db => Task.FromResult(db.Participants.Where(p => p.EuVatIdKey == euVatIdKey).Select(p => p.Id).Single()));

    [GeneratedRegex("^/Identity/Account/Login", RegexOptions.IgnoreCase)]
    public static partial Regex LoginPath();
}
