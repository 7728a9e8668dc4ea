using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// Issue 11 item 5: Production error pages are in our layout, carry the security headers, show no stack
/// trace, and offer a way back (they were empty 500s without headers).
/// </summary>
public sealed class ErrorPageTests : IAsyncLifetime
{
    private const string Secret = "boom-internal-detail-that-must-not-show";

    private readonly FailingSettingsFactory _factory = new();

    public async Task InitializeAsync() => await _factory.SeedDemoAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task UnknownPage_404InLayoutWithHeadersAndWayBack()
    {
        using var browser = _factory.CreatePublicClient();

        using var response = await browser.GetAsync("/no/such/page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertErrorPage(response, html, "Page not found");
    }

    [Fact]
    public async Task FailureOnOurSide_500InLayout_ReferenceButNoStackTraceOrMessage()
    {
        using var browser = _factory.CreatePublicClient();
        await SignInAsync(browser);

        using var response = await browser.GetAsync("/settings");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertErrorPage(response, html, "Something went wrong on our side");
        Assert.Contains("Reference:", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at AuthServer", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormWithoutAntiforgeryToken_400InLayout()
    {
        using var browser = _factory.CreatePublicClient();

        using var response = await browser.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.AdminEmail,
            ["Input.Password"] = SignedIn.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertErrorPage(response, await response.Content.ReadAsStringAsync(), "This request could not be handled");
    }

    [Fact]
    public async Task ErrorPageOpenedDirectly_404()
    {
        using var browser = _factory.CreatePublicClient();

        using var response = await browser.GetAsync("/error/500");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static void AssertErrorPage(HttpResponseMessage response, string html, string title)
    {
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"<h1 class=\"h4\">{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"navbar-brand", html, StringComparison.Ordinal); // our layout
        Assert.Contains("id=\"error-home\"", html, StringComparison.Ordinal); // a way back
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    private static async Task SignInAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/Identity/Account/Login");
        using var response = await browser.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.AdminEmail,
            ["Input.Password"] = SignedIn.AdminPassword,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Production, where <c>/settings</c> fails with an exception whose message must stay in the log.</summary>
    private sealed class FailingSettingsFactory : ProductionAuthServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => FailingPage.AddTo(services, "/settings", Secret));
        }
    }
}
