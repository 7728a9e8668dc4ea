using System.Net;
using System.Text;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// The five classes of 500 a fuzz of 10,000 malformed requests found (issue 11), each now a clear 4xx.
/// </summary>
public sealed class BadInputRegressionTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Class 1: NUL, more than 1024 fields, or a field name over 2048 characters in the forms OpenIddict read itself.</summary>
    [Theory]
    [InlineData("/api/auth/revoke", "nul")]
    [InlineData("/api/auth/revoke", "fields")]
    [InlineData("/api/auth/revoke", "name")]
    [InlineData("/api/auth/introspect", "nul")]
    [InlineData("/api/auth/introspect", "fields")]
    [InlineData("/api/auth/introspect", "name")]
    public async Task MalformedForm_RevokeAndIntrospect_400InvalidRequest(string path, string kind)
    {
        using var client = factory.CreateClient();

        var response = await PostRawAsync(client, path, MalformedForm(kind), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.Error);
    }

    [Theory]
    [InlineData("nul")]
    [InlineData("fields")]
    [InlineData("name")]
    public async Task MalformedForm_PostedToAuthorize_400Page(string kind)
    {
        using var browser = await SignedIn.ClientAsync(factory, SignedIn.AdminEmail, SignedIn.AdminPassword);

        using var response = await browser.PostAsync("/api/auth/authorize", new StringContent(MalformedForm(kind), Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("This authorization request is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Class 2: a JSON token or renew body with an unpaired surrogate or bytes that are not UTF-8.</summary>
    [Theory]
    [InlineData("/api/auth/token", "{\"grant_type\":\"client_credentials\",\"client_id\":\"\\ud800\"}")]
    [InlineData("/api/auth/token", "{\"\\udc00\":\"x\"}")]
    [InlineData("/api/auth/renew", "{\"refresh_token\":\"\\ud83d\"}")]
    public async Task JsonWithUnpairedSurrogate_TokenAndRenew_400InvalidRequest(string path, string body)
    {
        using var client = factory.CreateClient();

        var response = await PostRawAsync(client, path, body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.Error);
    }

    [Theory]
    [InlineData("/api/auth/token")]
    [InlineData("/api/auth/renew")]
    public async Task JsonWithInvalidUtf8_TokenAndRenew_400InvalidRequest(string path)
    {
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent([.. "{\"refresh_token\":\""u8, 0xFF, 0xC0, 0x80, .. "\"}"u8]);
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Class 3: an off-site ReturnUrl after a correct password (Identity UI threw "The supplied URL is not local").</summary>
    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task OffSiteReturnUrl_LoginAndLogout_RedirectHome(string returnUrl)
    {
        using var browser = Browser();
        var query = "?returnUrl=" + Uri.EscapeDataString(returnUrl);
        var page = await browser.GetStringAsync("/Identity/Account/Login" + query);

        using var login = await browser.PostAsync("/Identity/Account/Login" + query, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.MemberEmail,
            ["Input.Password"] = SignedIn.MemberPassword,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location!.OriginalString);

        var home = await browser.GetStringAsync("/");
        using var logout = await browser.PostAsync("/Identity/Account/Logout" + query, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(home),
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/", logout.Headers.Location!.OriginalString);
    }

    /// <summary>Class 4: the second-factor pages opened with no sign-in waiting for one.</summary>
    [Theory]
    [InlineData("/Identity/Account/LoginWith2fa")]
    [InlineData("/Identity/Account/LoginWithRecoveryCode")]
    public async Task SecondFactorPage_WithoutPendingSignIn_BackToLogin(string path)
    {
        using var browser = Browser();

        using var response = await browser.GetAsync(path + "?returnUrl=%2Fsettings");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login?ReturnUrl=%2Fsettings", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>Class 5: a form shown again after a checkbox posted something other than true or false.</summary>
    [Fact]
    public async Task NonBooleanCheckbox_FormShownAgainWithFieldError()
    {
        using var browser = await SignedIn.ClientAsync(factory, SignedIn.AdminEmail, SignedIn.AdminPassword);
        var page = await browser.GetStringAsync("/developers/new");

        using var developers = await browser.PostAsync("/developers/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "Checkbox App",
            ["Input.HomepageUrl"] = "https://checkbox.example",
            ["Input.RequirePkce"] = "admin",
            ["Input.RedirectUris"] = "https://checkbox.example/cb",
            ["Input.Scopes"] = "send_documents",
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.OK, developers.StatusCode);
        Assert.Contains("must be true or false", await developers.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var anonymous = Browser();
        var login = await anonymous.GetStringAsync("/Identity/Account/Login");
        using var remember = await anonymous.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.MemberEmail,
            ["Input.Password"] = "not-the-password",
            ["Input.RememberMe"] = "2",
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(login),
        }));
        Assert.Equal(HttpStatusCode.OK, remember.StatusCode);
        Assert.Contains("must be true or false", await remember.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string MalformedForm(string kind) => kind switch
    {
        "nul" => "client_id=demo-api-key&client_secret=" + Uri.EscapeDataString(ApiKeySecret) + "&token=a%00b",
        "fields" => string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=v")),
        _ => new string('k', 3000) + "=v",
    };
}
