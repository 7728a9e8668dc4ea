using System.Net;
using System.Security.Cryptography;
using AuthServer.Core.Accounts;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>The replaced second-factor pages still sign in a user with 2FA, by authenticator code or recovery code.</summary>
public sealed class SecondFactorTests
{
    [Fact]
    public async Task TwoFactorUser_AuthenticatorCode_SignsInAndReturnsToLocalUrl()
    {
        await using var factory = new AuthServerFactory();
        var key = await EnableTwoFactorAsync(factory);
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var second = await PasswordStepAsync(browser, "/settings");
        Assert.StartsWith("/Identity/Account/LoginWith2fa", second, StringComparison.Ordinal);
        var page = await browser.GetStringAsync(second);
        using var response = await browser.PostAsync(second, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Totp(key),
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/settings", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TwoFactorUser_RecoveryCode_SignsIn_WrongOneRefused()
    {
        await using var factory = new AuthServerFactory();
        await EnableTwoFactorAsync(factory);
        string recovery;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(SignedIn.MemberEmail))!, 1))!.Single();
        }

        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await PasswordStepAsync(browser, "/");
        var page = await browser.GetStringAsync("/Identity/Account/LoginWithRecoveryCode");
        async Task<HttpResponseMessage> PostAsync(string code) => await browser.PostAsync("/Identity/Account/LoginWithRecoveryCode",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.RecoveryCode"] = code, ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page) }));

        using var wrong = await PostAsync("not-a-code");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Invalid recovery code entered.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var right = await PostAsync(recovery);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location!.OriginalString);
    }

    /// <summary>Turns on 2FA for the demo Member; returns the authenticator key (base32).</summary>
    private static async Task<string> EnableTwoFactorAsync(AuthServerFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(SignedIn.MemberEmail))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    /// <returns>Where the correct password leads: the second-factor page.</returns>
    private static async Task<string> PasswordStepAsync(HttpClient browser, string returnUrl)
    {
        var login = await browser.GetStringAsync("/Identity/Account/Login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        using var response = await browser.PostAsync("/Identity/Account/Login?returnUrl=" + Uri.EscapeDataString(returnUrl), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = SignedIn.MemberEmail,
            ["Input.Password"] = SignedIn.MemberPassword,
            ["__RequestVerificationToken"] = Forms.AntiforgeryToken(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>RFC 6238 with Identity's settings: HMAC-SHA1 of the 30-second step, six digits.</summary>
    private static string Totp(string base32Key)
    {
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(Alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
    }
}
