using System.Net;
using AngleSharp.Dom;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>Settings / API Key (SPEC §4 method 1, §7): secrets shown once, two side by side, deletion revokes.</summary>
public sealed class ApiKeyPageTests : IAsyncLifetime
{
    private const string Page = "/settings/api-key";
    private readonly AuthServerFactory _factory = new(); // changes the demo API key: a host of its own
    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = await SignedIn.ClientAsync(_factory, SignedIn.AdminEmail, SignedIn.AdminPassword);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ApiKeyPage_SecretLifecycle_ShownOnceTwoWorkDeleteRevokes()
    {
        var page = await _admin.GetStringAsync(Page);
        Assert.Contains(ApiKeyId, page, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeySecret, page, StringComparison.Ordinal);
        var oldSecretId = Assert.Single(DeleteSecretIds(await HtmlPage.FromHtmlAsync(page)));
        using var api = _factory.CreateClient();
        var oldToken = await ClientCredentialsAsync(api);

        using var created = await SignedIn.PostFormAsync(_admin, Page, "CreateSecret", new Dictionary<string, string>());
        var newSecret = NewSecretField(await HtmlPage.FromAsync(_admin, created)).GetAttribute("value")!;

        Assert.StartsWith("sk_live_", newSecret, StringComparison.Ordinal);
        Assert.Equal(51, newSecret.Length); // "sk_live_" + 256 bits in base64url
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(api, secret: newSecret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(api)).Status);
        Assert.DoesNotContain(newSecret, await _admin.GetStringAsync(Page), StringComparison.Ordinal);
        var stored = await _factory.WithDbAsync(db => db.ClientSecrets.Select(s => s.Hint).ToListAsync());
        Assert.DoesNotContain(stored, h => h.Length > "sk_live_".Length + 4);

        using var deleted = await SignedIn.PostFormAsync(_admin, $"{Page}", $"DeleteSecret&secretId={oldSecretId}", new Dictionary<string, string> { ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(api)).Error);
        var revoked = await GetAsync(api, "/api/account", oldToken.AccessToken);
        Assert.Equal("AccessTokenRevoked", revoked.Json.GetProperty("code").GetString());
        Assert.Equal("invalid_grant", (await RenewAsync(api, oldToken.RefreshToken)).Error);
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(api, secret: newSecret)).Status);
        Assert.True(await _factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "secret.deleted")));
    }

    [Fact]
    public async Task ApiKeyPage_ThirdSecret_RefusedWithMessage()
    {
        using var second = await SignedIn.PostFormAsync(_admin, Page, "CreateSecret", new Dictionary<string, string>());
        using var third = await SignedIn.PostFormAsync(_admin, Page, "CreateSecret", new Dictionary<string, string>());

        var html = await third.Content.ReadAsStringAsync();
        Assert.Contains("already has 2 secrets", html, StringComparison.Ordinal);
        Assert.Empty((await HtmlPage.FromHtmlAsync(html)).All(NewSecretSelector));
        NewSecretField(await HtmlPage.FromAsync(_admin, second)); // the selector finds the field where there is one
    }

    [Fact]
    public async Task ApiKeyPage_UnknownSecretId_NotFound()
    {
        using var response = await SignedIn.PostFormAsync(_admin, Page, $"DeleteSecret&secretId={Guid.NewGuid()}", new Dictionary<string, string> { ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ApiKeyPage_BadRedirectUri_RefusedWithReason_GoodOnesSaved()
    {
        using var bad = await SignedIn.PostFormAsync(_admin, Page, "RedirectUris", new Dictionary<string, string>
        {
            ["RedirectUris"] = "https://ok.example/cb\nhttp://evil.example/cb",
        });
        Assert.Contains("must use https", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var good = await SignedIn.PostFormAsync(_admin, Page, "RedirectUris", new Dictionary<string, string>
        {
            ["RedirectUris"] = "https://ok.example/cb\nhttp://127.0.0.1:9000/cb",
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var saved = await _factory.WithDbAsync(db => db.Clients.Where(c => c.ClientId == ApiKeyId).Select(c => c.RedirectUris).SingleAsync());
        Assert.Contains("https://ok.example/cb", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost:8080", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyPage_Member_IsDenied()
    {
        using var member = await SignedIn.ClientAsync(_factory, SignedIn.MemberEmail, SignedIn.MemberPassword);

        using var response = await member.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private const string NewSecretSelector = "input[aria-label='New client secret']";

    /// <summary>The secret ids the page's delete forms post.</summary>
    private static List<string> DeleteSecretIds(HtmlPage page) =>
        [.. page.All("form[action]")
            .Select(form => QueryHelpers.ParseQuery(new Uri(new Uri(page.Document.BaseUri), form.GetAttribute("action")!).Query))
            .Where(query => query.GetValueOrDefault("handler") == "DeleteSecret")
            .Select(query => query["secretId"].ToString())];

    /// <summary>The field that shows a just-created secret, once.</summary>
    private static IElement NewSecretField(HtmlPage page) => page.Single(NewSecretSelector);
}
