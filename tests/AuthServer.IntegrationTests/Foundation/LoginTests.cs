using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AuthServer.IntegrationTests.Foundation;

public sealed class LoginTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private HttpClient NewBrowserLikeClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Identity/Account/Login");
        return await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));
    }

    [Fact]
    public async Task Login_DemoAdminThroughRealForm_SignsIn()
    {
        using var client = NewBrowserLikeClient();

        using var response = await PostLoginAsync(client, "admin@demo.test", "Demo-Admin-2026");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await client.GetStringAsync("/");
        Assert.Contains("Signed in as admin@demo.test", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_StaysOnFormWithError()
    {
        using var client = NewBrowserLikeClient();

        using var response = await PostLoginAsync(client, "member@demo.test", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = NewBrowserLikeClient();

        using var response = await client.PostAsync("/Identity/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@demo.test",
            ["Input.Password"] = "Demo-Admin-2026",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksOut()
    {
        await using var own = new AuthServerFactory(); // lockout changes the user: keep it off the shared host
        using var client = own.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var i = 0; i < 5; i++)
        {
            await PostLoginAsync(client, "dev@integrator.test", "wrong-password-" + i);
        }

        using var response = await PostLoginAsync(client, "dev@integrator.test", "Demo-Integrator-2026");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Lockout", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_CreatesAccountWithUserAsAdmin()
    {
        using var client = NewBrowserLikeClient();
        var page = await client.GetStringAsync("/Identity/Account/Register");

        using var response = await client.PostAsync("/Identity/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.CompanyName"] = "Fresh Company",
            ["Input.Email"] = "owner@fresh.test",
            ["Input.Password"] = "Fresh-Company-2026",
            ["Input.ConfirmPassword"] = "Fresh-Company-2026",
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var membership = await factory.WithDbAsync(db => Task.FromResult(db.Memberships
            .Where(m => m.User!.Email == "owner@fresh.test")
            .Select(m => new { m.Role, m.Account!.Name })
            .Single()));
        Assert.Equal(AuthServer.Core.Accounts.AccountRole.Admin, membership.Role);
        Assert.Equal("Fresh Company", membership.Name);
    }

    [Fact]
    public async Task Pages_SendAntiFramingHeaders()
    {
        using var client = NewBrowserLikeClient();

        using var response = await client.GetAsync("/Identity/Account/Login");

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
