using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Developers;

/// <summary>/developers (SPEC §4 method 3): register, edit, rotate and delete Developer Applications.</summary>
public sealed class DeveloperPortalTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly OAuthFlow _flow = new(factory);

    private static Dictionary<string, string> AppForm(string name = "Ledger Sync", string redirectUris = "https://ledger.example/callback\nhttp://localhost:3000/cb",
        string type = "Confidential", string homepage = "https://ledger.example", params string[] scopes) => new()
        {
            ["Input.Name"] = name,
            ["Input.Description"] = "Syncs invoices into the ledger",
            ["Input.HomepageUrl"] = homepage,
            ["Input.ClientType"] = type,
            ["Input.RequirePkce"] = "true",
            ["Input.RedirectUris"] = redirectUris,
            ["Input.Scopes"] = string.Join(',', scopes.Length == 0 ? ["read_participant_info", "send_documents"] : scopes),
        };

    private static FormUrlEncodedContent Encode(Dictionary<string, string> form, string token) =>
        new([.. form.SelectMany(f => f.Key == "Input.Scopes"
                ? f.Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => new KeyValuePair<string, string>(f.Key, v))
                : [f]),
            new("__RequestVerificationToken", token)]);

    private static async Task<HttpResponseMessage> PostNewAsync(HttpClient browser, Dictionary<string, string> form)
    {
        var page = await browser.GetStringAsync("/developers/new");
        return await browser.PostAsync("/developers/new", Encode(Forms.WithFormToken(page, form), Forms.AntiforgeryToken(page)));
    }

    private static async Task<(string ClientId, string? Secret)> CreateAsync(HttpClient browser, Dictionary<string, string>? form = null)
    {
        using var response = await PostNewAsync(browser, form ?? AppForm());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlPage.FromAsync(browser, response);
        var clientId = page.Text("code#client-id");
        Assert.NotEmpty(clientId);
        // A public client gets no secret: the page shows none.
        return (clientId, page.Find("code#client-secret")?.TextContent.Trim());
    }

    private static async Task<HttpResponseMessage> PostAppAsync(HttpClient browser, string clientId, string handler, Dictionary<string, string> form)
    {
        var page = await browser.GetStringAsync($"/developers/{clientId}");
        return await browser.PostAsync($"/developers/{clientId}?handler={handler}", Encode(Forms.WithFormToken(page, form), Forms.AntiforgeryToken(page)));
    }

    private async Task<TokenResult> AuthorizeAsync(string clientId, string? secret, string redirectUri = "https://ledger.example/callback")
    {
        using var customer = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(customer, OAuthFlow.AuthorizeUrl(clientId, challenge, redirectUri: redirectUri,
            extra: new Dictionary<string, string> { ["euVatId"] = "BE0123456789" }));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var code = (await OAuthFlow.ApproveAsync(customer, page))["code"];
        return await _flow.ExchangeAsync(code, clientId, secret, verifier, redirectUri);
    }

    [Fact]
    public async Task Create_Confidential_SecretShownOnceStoredHashedAndWorks()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);

        var (clientId, secret) = await CreateAsync(developer);

        Assert.StartsWith("app_", clientId, StringComparison.Ordinal);
        Assert.StartsWith("sk_", secret, StringComparison.Ordinal);
        var token = await AuthorizeAsync(clientId, secret);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        var detail = await developer.GetStringAsync($"/developers/{clientId}");
        Assert.DoesNotContain(secret!, detail, StringComparison.Ordinal);
        var hint = AuthServer.Core.Clients.ClientSecretHasher.HintOf(secret!);
        Assert.Equal("sk_live_".Length + 4, hint.Length);
        Assert.Contains(hint + "…", detail, StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => db.ClientSecrets.Where(s => s.Client!.ClientId == clientId).Select(s => s.Hint).ToListAsync());
        Assert.Equal([hint], stored);
        var actions = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Target == "client:" + clientId).Select(e => e.Action).ToListAsync());
        Assert.Contains("app.created", actions);
        Assert.Contains("secret.created", actions);
    }

    [Fact]
    public async Task Create_Public_NoSecretAndPkceRequired()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);

        var (clientId, secret) = await CreateAsync(developer, AppForm(type: "Public"));

        Assert.Null(secret);
        using var customer = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var withoutPkce = await customer.GetAsync(OAuthFlow.AuthorizeUrl(clientId, challenge: null, redirectUri: "https://ledger.example/callback"));
        Assert.Equal(HttpStatusCode.BadRequest, withoutPkce.StatusCode);
        Assert.Null(withoutPkce.Headers.Location);
        var token = await AuthorizeAsync(clientId, secret: null);
        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Theory]
    [InlineData("Input.RedirectUris", "http://ledger.example/callback", "must use https")]
    [InlineData("Input.RedirectUris", "https://*.ledger.example/callback", "wildcards")]
    [InlineData("Input.RedirectUris", "https://ledger.example/callback#done", "fragment")]
    [InlineData("Input.RedirectUris", "/callback", "absolute")]
    [InlineData("Input.RedirectUris", "", "required")]
    [InlineData("Input.HomepageUrl", "http://ledger.example", "https")]
    [InlineData("Input.Scopes", "", "at least one scope")]
    [InlineData("Input.Scopes", "openid", "not a scope")]
    [InlineData("Input.ClientType", "Sideways", "not valid")]
    public async Task Create_InvalidField_FormErrorAndNothingCreated(string field, string value, string message)
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var form = AppForm(name: "Invalid " + Guid.NewGuid().ToString("N"));
        form[field] = value;

        using var response = await PostNewAsync(developer, form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.False(await factory.WithDbAsync(db => db.Clients.AnyAsync(c => c.DisplayName == form["Input.Name"])));
    }

    [Fact]
    public async Task List_ShowsOnlyTheCurrentAccountsApps()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        using var customer = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        Assert.Contains($"data-client-id=\"{OAuthFlow.DemoApp}\"", await developer.GetStringAsync("/developers"), StringComparison.Ordinal);
        Assert.DoesNotContain(OAuthFlow.DemoApp, await customer.GetStringAsync("/developers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAccountsApp_NotFoundForEveryHandler()
    {
        using var customer = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var token = Forms.AntiforgeryToken(await customer.GetStringAsync("/developers/new"));

        using var get = await customer.GetAsync($"/developers/{OAuthFlow.DemoApp}");
        using var delete = await customer.PostAsync($"/developers/{OAuthFlow.DemoApp}?handler=Delete", Encode(new() { ["confirm"] = "true" }, token));
        using var rotate = await customer.PostAsync($"/developers/{OAuthFlow.DemoApiKey}?handler=RotateSecret", Encode([], token));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rotate.StatusCode); // an account's own API key is not a Developer Application
        Assert.True(await factory.WithDbAsync(db => db.Clients.AnyAsync(c => c.ClientId == OAuthFlow.DemoApp)));
    }

    [Fact]
    public async Task Anonymous_RedirectedToLogin()
    {
        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync("/developers");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Matches(OAuthFlow.LoginPath(), response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Edit_RedirectUrisReplaced_OldOneRefusedNewOneAccepted()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var (clientId, secret) = await CreateAsync(developer);

        using var saved = await PostAppAsync(developer, clientId, "Save", AppForm(name: "Ledger Sync 2", redirectUris: "https://ledger.example/v2/callback"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Ledger Sync 2", await developer.GetStringAsync($"/developers/{clientId}"), StringComparison.Ordinal);
        using var customer = await _flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        using var old = await customer.GetAsync(OAuthFlow.AuthorizeUrl(clientId, OAuthFlow.NewPkce().Challenge, redirectUri: "https://ledger.example/callback"));
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AuthorizeAsync(clientId, secret, "https://ledger.example/v2/callback")).Status);
    }

    [Fact]
    public async Task Edit_InvalidRedirectUri_FormErrorAndUnchanged()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var (clientId, _) = await CreateAsync(developer);

        using var response = await PostAppAsync(developer, clientId, "Save", AppForm(redirectUris: "https://ok.example/cb\nftp://files.example/cb"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Line 2 (ftp://files.example/cb) must use https", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("https://ledger.example/callback", await developer.GetStringAsync($"/developers/{clientId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateSecret_AtMostTwoLive_NewShownOnceBothWork()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var (clientId, first) = await CreateAsync(developer);

        using var rotated = await PostAppAsync(developer, clientId, "RotateSecret", []);
        var second = (await HtmlPage.FromAsync(developer, rotated)).Text("code#new-secret");
        using var third = await PostAppAsync(developer, clientId, "RotateSecret", []);

        Assert.StartsWith("sk_", second, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.Contains("at most 2 secrets", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await factory.WithDbAsync(db => db.ClientSecrets.CountAsync(s => s.Client!.ClientId == clientId)));
        Assert.Equal(HttpStatusCode.OK, (await AuthorizeAsync(clientId, first)).Status);
        Assert.Equal(HttpStatusCode.OK, (await AuthorizeAsync(clientId, second)).Status);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "secret.rotated" && e.Target == "client:" + clientId)));
    }

    [Fact]
    public async Task DeleteSecret_StopsAuthenticatingAndRevokesItsTokens()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var (clientId, secret) = await CreateAsync(developer);
        var token = await AuthorizeAsync(clientId, secret);
        Assert.Equal(HttpStatusCode.OK, (await _flow.GetAccountAsync(token.AccessToken!)).Status);
        var secretId = await factory.WithDbAsync(db => db.ClientSecrets.Where(s => s.Client!.ClientId == clientId).Select(s => s.Id).SingleAsync());

        using var deleted = await PostAppAsync(developer, clientId, "DeleteSecret", new() { ["secretId"] = secretId.ToString(), ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var (status, problem) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AccessTokenRevoked", problem.GetProperty("code").GetString());
        var refresh = await _flow.RefreshAsync(token.RefreshToken!, clientId, secret!);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.Status);
        Assert.Equal("invalid_client", refresh.Error);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "secret.deleted" && e.Target == "secret:" + secretId)));
    }

    [Fact]
    public async Task DeleteSecret_OfAnotherApp_NotFound()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var (clientId, _) = await CreateAsync(developer);
        var demoSecret = await factory.WithDbAsync(db => db.ClientSecrets.Where(s => s.Client!.ClientId == OAuthFlow.DemoApp).Select(s => s.Id).SingleAsync());

        using var response = await PostAppAsync(developer, clientId, "DeleteSecret", new() { ["secretId"] = demoSecret.ToString(), ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.ClientSecrets.AnyAsync(s => s.Id == demoSecret)));
    }

    [Fact]
    public async Task DeleteApp_RevokesTokensDeletesGrantsAndTheClient()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);
        var (clientId, secret) = await CreateAsync(developer);
        var token = await AuthorizeAsync(clientId, secret);
        var rowId = await factory.WithDbAsync(db => db.Clients.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());
        Assert.Equal(1, await factory.WithDbAsync(db => db.Grants.CountAsync(g => g.ApplicationId == rowId)));

        using var unconfirmed = await PostAppAsync(developer, clientId, "Delete", []);
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("id=\"confirm\"", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.Clients.AnyAsync(c => c.ClientId == clientId)));
        using var deleted = await PostAppAsync(developer, clientId, "Delete", new() { ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var (status, problem) = await _flow.GetAccountAsync(token.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AccessTokenRevoked", problem.GetProperty("code").GetString());
        Assert.False(await factory.WithDbAsync(db => db.Clients.AnyAsync(c => c.ClientId == clientId)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Grants.CountAsync(g => g.ApplicationId == rowId)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ClientSecrets.CountAsync(s => s.ApplicationId == rowId)));
        Assert.Equal(HttpStatusCode.NotFound, (await developer.GetAsync($"/developers/{clientId}")).StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "app.deleted" && e.Target == "client:" + clientId)));
    }

    [Fact]
    public async Task Pages_SendAntiFramingHeaders()
    {
        using var developer = await _flow.LogInAsync(OAuthFlow.Integrator, OAuthFlow.IntegratorPassword);

        foreach (var path in new[] { "/developers", "/developers/new", $"/developers/{OAuthFlow.DemoApp}", "/settings/connected-apps" })
        {
            using var response = await developer.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }
}
