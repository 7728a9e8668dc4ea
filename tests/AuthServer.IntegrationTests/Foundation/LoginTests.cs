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
    public async Task Login_FiveWrongPasswords_LocksOutThisNetworkForThatAccount()
    {
        await using var own = new AuthServerFactory(); // lockout changes the user: keep it off the shared host
        using var client = own.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await PostLoginAsync(client, "dev@integrator.test", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var response = await PostLoginAsync(client, "dev@integrator.test", "Demo-Integrator-2026");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("Too many failed sign-ins for this account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Register_ConfirmedThroughMailedLink_AccountWithUserAsAdmin()
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
        Assert.StartsWith("/Identity/Account/RegisterConfirmation", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var mail = await Mailbox.WaitForAsync(factory.MailFolder, "owner@fresh.test");
        Assert.Equal("Confirm your email", mail.Subject);
        using (var unconfirmed = await PostLoginAsync(client, "owner@fresh.test", "Fresh-Company-2026"))
        {
            Assert.Contains("id=\"login-unconfirmed\"", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var confirmed = await client.GetAsync(new Uri(mail.Link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("your email address is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var login = await PostLoginAsync(client, "owner@fresh.test", "Fresh-Company-2026");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
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
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
