using System.Net;
using System.Text.Json;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// Issue 11 items 1 and 2 (SPEC §8): outside Development the configured public origin is the only one.
/// A foreign Host cannot steer reset links (account takeover) or the issuer, plain HTTP is refused, and
/// cookies are Secure, HttpOnly, SameSite, the session cookie <c>__Host-</c>-prefixed.
/// </summary>
public sealed class PublicOriginTests : IAsyncLifetime
{
    private readonly ProductionAuthServerFactory _factory = new();

    public async Task InitializeAsync() => await _factory.SeedDemoAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ForgotPassword_ForeignHost_400AndNoMail()
    {
        using var attacker = _factory.CreatePublicClient("https://attacker.example/");

        using var page = await attacker.GetAsync("/Identity/Account/ForgotPassword");
        using var post = await attacker.PostAsync("/Identity/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.AdminEmail,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Contains("auth.example.test only", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Empty(Mailbox.To(_factory.MailFolder, SignedIn.AdminEmail));
    }

    [Fact]
    public async Task ForgotPassword_MailedResetLinkIsOnTheIssuer()
    {
        using var browser = _factory.CreatePublicClient();
        var page = await browser.GetStringAsync("/Identity/Account/ForgotPassword");

        using var post = await browser.PostAsync("/Identity/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.MemberEmail,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var mail = await Mailbox.WaitForAsync(_factory.MailFolder, SignedIn.MemberEmail);
        Assert.StartsWith(ProductionAuthServerFactory.Issuer + "Identity/Account/ResetPassword?code=", mail.Link, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://auth.example.test/")]
    [InlineData("https://AUTH.example.TEST:443/")]
    public async Task Metadata_IssuerIsConfiguredOrigin_ForwardedHostFromUnknownPeerIgnored(string origin)
    {
        using var client = _factory.CreatePublicClient(origin);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/oauth-authorization-server");
        request.Headers.Add("X-Forwarded-Host", "attacker.example");
        request.Headers.Add("X-Forwarded-Proto", "http");

        using var response = await client.SendAsync(request);
        var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ProductionAuthServerFactory.Issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal(ProductionAuthServerFactory.Issuer + "api/auth/token", metadata.GetProperty("token_endpoint").GetString());
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/api/account")]
    [InlineData("/api/lookup?affiliateId=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f&peppolId=0208:0123456789")]
    public async Task ForeignHost_AnyPageOrEndpoint_400(string path)
    {
        using var attacker = _factory.CreatePublicClient("https://attacker.example/");

        using var response = await attacker.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>A load balancer probes each instance by its own address, over plain HTTP.</summary>
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthProbes_AnyHostOverPlainHttp_Answered(string path)
    {
        using var probe = _factory.CreatePublicClient("http://10.0.0.7:8080/");

        using var response = await probe.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PlainHttp_PagesMoveToHttps_FormsApiAndOAuth400()
    {
        using var http = _factory.CreatePublicClient("http://auth.example.test/");

        using var login = await http.GetAsync("/Identity/Account/Login?returnUrl=%2Fsettings");
        Assert.Equal(HttpStatusCode.PermanentRedirect, login.StatusCode);
        Assert.Equal("https://auth.example.test/Identity/Account/Login?returnUrl=%2Fsettings", login.Headers.Location!.OriginalString);

        using var register = await http.PostAsync("/Identity/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "x@example.test",
            ["Input.Password"] = "a-password-in-clear",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, register.StatusCode);
        Assert.Contains("HTTPS only", await register.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(register.Headers, h => h.Key == "Set-Cookie");

        using var api = await http.GetAsync("/api/account");
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("\"code\":\"HttpsRequired\"", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var token = await http.PostAsync("/api/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Infrastructure.Tokens.ApiKeyId,
            ["client_secret"] = Infrastructure.Tokens.ApiKeySecret,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Contains("\"error\":\"invalid_request\"", await token.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverHttps_SessionCookieHostPrefixedSecureHttpOnlyLax_AndHsts()
    {
        using var browser = _factory.CreatePublicClient();
        using var page = await browser.GetAsync("/Identity/Account/Login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());

        using var login = await browser.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.AdminEmail,
            ["Input.Password"] = SignedIn.AdminPassword,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
        }));

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var session = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-authserver.session=", StringComparison.Ordinal));
        Assert.Contains("; path=/", session, StringComparison.Ordinal);
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", session, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Server:AllowHttp behind a proxy that terminates TLS but is not listed as known: the browser is on the
    /// https public origin, so the cookies are still Secure and the session cookie still prefixed.
    /// </summary>
    [Fact]
    public async Task AllowHttpBehindTlsProxy_CookiesStillSecureAndPrefixed()
    {
        await using var factory = new ProductionAuthServerFactory();
        factory.WithSetting("Server:AllowHttp", "true");
        await factory.SeedDemoAsync();
        // The proxy speaks plain HTTP to the server; the browser's cookies are its own (it is on https).
        using var http = factory.CreateClient(new() { BaseAddress = new Uri("http://auth.example.test/"), AllowAutoRedirect = false, HandleCookies = false });
        using var page = await http.GetAsync("/Identity/Account/Login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = SignedIn.AdminEmail,
                ["Input.Password"] = SignedIn.AdminPassword,
                ["__RequestVerificationToken"] = Forms.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);

        using var response = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-authserver.session=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A loopback benchmark (Server:AllowHttp, an http issuer): cookies a browser on http can send back.</summary>
    [Fact]
    public async Task AllowHttpWithHttpIssuer_CookiesHttpOnlyLaxNotSecure()
    {
        await using var factory = new ProductionAuthServerFactory();
        factory.WithSetting("Server:AllowHttp", "true").WithSetting("Auth:Issuer", "http://127.0.0.1:5000/");
        await factory.SeedDemoAsync();
        using var http = factory.CreatePublicClient("http://127.0.0.1:5000/");

        using var response = await SignInAsync(http);

        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("authserver.session=", StringComparison.Ordinal));
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/Identity/Account/Login");
        return await browser.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.AdminEmail,
            ["Input.Password"] = SignedIn.AdminPassword,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
    }
}
