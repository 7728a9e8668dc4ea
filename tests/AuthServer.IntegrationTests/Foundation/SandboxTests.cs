using System.Net;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Foundation;

/// <summary>Sandbox deployments (Server:Sandbox): a ribbon on every page, <c>sk_test_</c> secrets, older secrets still valid.</summary>
public sealed class SandboxTests(SandboxFactory host) : IClassFixture<SandboxFactory>
{
    [Fact]
    public async Task EveryPage_CarriesTheRibbon()
    {
        using var admin = await SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);

        foreach (var path in new[] { "/", "/settings", "/settings/members", "/developers", "/Identity/Account/Manage", OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge) })
        {
            var page = await HtmlPage.GetAsync(admin, path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Sandbox", page.Text("#sandbox-ribbon"), StringComparison.Ordinal);
        }

        Assert.NotNull((await HtmlPage.GetAsync(host.CreateClient(), "/Identity/Account/Login")).Find("#sandbox-ribbon"));
    }

    [Fact]
    public async Task NewSecrets_AreTestSecrets_AndOlderSecretsKeepWorking()
    {
        using var admin = await SignedIn.ClientAsync(host, SignedIn.AdminEmail, SignedIn.AdminPassword);

        var page = await HtmlPage.GetAsync(admin, "/settings/api-key");
        var created = await HtmlPage.FromAsync(admin, await page.SubmitAsync(admin, "form[action*='CreateSecret']"));
        var secret = created.Single("#new-secret input").GetAttribute("value")!;

        Assert.StartsWith("sk_test_", secret, StringComparison.Ordinal);
        using var api = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Infrastructure.Tokens.ClientCredentialsAsync(api, secret: secret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Infrastructure.Tokens.ClientCredentialsAsync(api)).Status); // sk_demo_…
    }

    [Fact]
    public async Task Production_HasNoRibbon()
    {
        await using var production = new AuthServerFactory();

        var page = await HtmlPage.GetAsync(production.CreateClient(), "/");

        Assert.Null(page.Find("#sandbox-ribbon"));
    }
}
