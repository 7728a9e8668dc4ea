using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AuthServer.Core.Keys;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>SPEC §8: no secret, token or password in the logs, at any level.</summary>
public sealed partial class LogSecrecyTests
{
    [Fact]
    public async Task Logs_AtTraceLevelThroughTokenFlows_HoldNoSecretTokenOrPassword()
    {
        var sink = new CapturingLoggerProvider();
        await using var factory = new TraceLoggingFactory(sink);
        using var client = factory.CreateClient();

        var token = await ClientCredentialsAsync(client);
        var basic = await PostFormAsync(client, "/api/auth/token", new() { ["grant_type"] = "client_credentials" }, Basic(ApiKeyId, ApiKeySecret));
        var json = await PostJsonAsync(client, "/api/auth/token", new { grant_type = "client_credentials", client_id = ApiKeyId, client_secret = ApiKeySecret });
        await ClientCredentialsAsync(client, secret: "sk_a_wrong_secret_that_must_not_be_logged");
        var renewed = await RenewAsync(client, token.RefreshToken);
        factory.Time.Advance(TimeSpan.FromSeconds(6));
        await RenewAsync(client, token.RefreshToken); // reuse: revokes, audits, logs
        await GetAsync(client, "/api/account", renewed.AccessToken);
        await GetAsync(client, "/api/account", json.AccessToken);
        await PostFormAsync(client, "/api/auth/introspect", new() { ["token"] = basic.AccessToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });
        await PostFormAsync(client, "/api/auth/revoke", new() { ["token"] = basic.RefreshToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });
        using var admin = await SignedIn.ClientAsync(factory, SignedIn.AdminEmail, SignedIn.AdminPassword);

        Assert.True(sink.Count > 50, $"only {sink.Count} log entries: is Trace really on?");
        string[] secrets =
        [
            ApiKeySecret, "sk_a_wrong_secret_that_must_not_be_logged", SignedIn.AdminPassword,
            token.AccessToken, token.RefreshToken, renewed.AccessToken, renewed.RefreshToken,
            basic.AccessToken, basic.RefreshToken, json.AccessToken,
        ];
        foreach (var secret in secrets)
        {
            // The head or tail of a long secret counts too: a log line could hold a fragment.
            var run = Math.Min(24, secret.Length);
            var leak = sink.Entries.FirstOrDefault(e => e.Contains(secret[^run..], StringComparison.Ordinal) || e.Contains(secret[..run], StringComparison.Ordinal));
            Assert.True(leak is null, "leaked in: " + leak?[..Math.Min(400, leak.Length)]);
        }
    }

    /// <summary>
    /// Issue 11 acceptance 8: every category at Trace (provider-specific rules included), all four methods,
    /// a registration and a password reset through their mails, and a key rollover: no secret, token, code,
    /// code_verifier, reset or confirmation code, password or key material in any log line.
    /// </summary>
    [Fact]
    public async Task Logs_EveryCategoryAtTrace_FourMethodsResetAndRollover_HoldNoSecret()
    {
        var sink = new CapturingLoggerProvider();
        await using var factory = new TraceLoggingFactory(sink);
        using var client = factory.CreateClient();
        var flow = new OAuthFlow(factory);
        var secrets = new List<string> { ApiKeySecret, DeveloperAppSecret, SignedIn.AdminPassword, "sk_a_wrong_secret_that_must_not_be_logged" };

        // Method 1, with a refused secret, a rotation, a reuse, introspection and revocation.
        var token = await ClientCredentialsAsync(client);
        await ClientCredentialsAsync(client, secret: "sk_a_wrong_secret_that_must_not_be_logged");
        var renewed = await RenewAsync(client, token.RefreshToken);
        factory.Time.Advance(TimeSpan.FromSeconds(6));
        await RenewAsync(client, token.RefreshToken);
        await PostFormAsync(client, "/api/auth/introspect", new() { ["token"] = renewed.AccessToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });
        await PostFormAsync(client, "/api/auth/revoke", new() { ["token"] = renewed.RefreshToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });
        secrets.AddRange([token.AccessToken, token.RefreshToken, renewed.AccessToken, renewed.RefreshToken]);

        // Methods 2 and 3: codes and verifiers through the consent page, then a refresh.
        foreach (var (clientId, secret) in new[] { (ApiKeyId, ApiKeySecret), (DeveloperAppId, DeveloperAppSecret) })
        {
            using var browser = await flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
            var (verifier, challenge) = OAuthFlow.NewPkce();
            var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(clientId, challenge));
            var redirect = await OAuthFlow.ApproveAsync(browser, page, participants: page.OfferedParticipants.Take(1));
            var exchanged = await flow.ExchangeAsync(redirect["code"], clientId, secret, verifier);
            Assert.Equal(HttpStatusCode.OK, exchanged.Status);
            var refreshed = await flow.RefreshAsync(exchanged.RefreshToken!, clientId, secret);
            secrets.AddRange([redirect["code"], verifier, exchanged.AccessToken!, exchanged.RefreshToken!, refreshed.AccessToken!, refreshed.RefreshToken!]);
            await GetAsync(client, "/api/account", refreshed.AccessToken);
        }

        // Method 4.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/lookup?affiliateId=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f&peppolId=0208:0123456789")).StatusCode);

        // A registration confirmed and a password reset, through the codes in their mails.
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        const string Registered = "logged@example.test";
        var registerPage = await anonymous.GetStringAsync("/Identity/Account/Register");
        await anonymous.PostAsync("/Identity/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.CompanyName"] = "Log Test Co", ["Input.Email"] = Registered, ["Input.Password"] = "Registered-Password-2026",
            ["Input.ConfirmPassword"] = "Registered-Password-2026", ["__RequestVerificationToken"] = Forms.AntiforgeryToken(registerPage),
        }));
        var confirmation = (await Mailbox.WaitForAsync(factory.MailFolder, Registered)).Link;
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(confirmation).PathAndQuery)).StatusCode);
        var forgotPage = await anonymous.GetStringAsync("/Identity/Account/ForgotPassword");
        await anonymous.PostAsync("/Identity/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = Registered, ["__RequestVerificationToken"] = Forms.AntiforgeryToken(forgotPage),
        }));
        var reset = (await Mailbox.WaitForAsync(factory.MailFolder, Registered, count: 2)).Link;
        var resetPage = await anonymous.GetStringAsync(new Uri(reset).PathAndQuery);
        var resetCode = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(resetPage).QuerySelector("input[name='Input.Code']")!.GetAttribute("value")!;
        using var resetDone = await anonymous.PostAsync("/Identity/Account/ResetPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Code"] = resetCode, ["Input.Email"] = Registered, ["Input.Password"] = "Reset-Password-2026",
            ["Input.ConfirmPassword"] = "Reset-Password-2026", ["__RequestVerificationToken"] = Forms.AntiforgeryToken(resetPage),
        }));
        Assert.Equal(HttpStatusCode.Redirect, resetDone.StatusCode);
        secrets.AddRange(["Registered-Password-2026", "Reset-Password-2026", CodeOf(confirmation), CodeOf(reset),
            AccountCode(CodeOf(confirmation)), AccountCode(CodeOf(reset))]);

        // A key rollover: the next keys take over and new ones are made.
        factory.Time.Advance(TimeSpan.FromDays(91));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KeyRingStore>().RefreshAsync(CancellationToken.None);
        }

        secrets.AddRange(KeyMaterial(factory.Services.GetRequiredService<KeyRing>().Current));
        secrets.AddRange(await factory.WithDbAsync(async db =>
            (await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync()).SelectMany(xml => MasterKey().Matches(xml).Select(m => m.Groups[1].Value)).ToList()));

        Assert.True(sink.Count > 500, $"only {sink.Count} log entries: is Trace really on?");
        Assert.Contains(sink.Entries, e => e.StartsWith("Trace ", StringComparison.Ordinal));
        foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct())
        {
            var run = Math.Min(24, secret.Length);
            var leak = sink.Entries.FirstOrDefault(e => e.Contains(secret[^run..], StringComparison.Ordinal) || e.Contains(secret[..run], StringComparison.Ordinal));
            Assert.True(leak is null, "leaked in: " + leak?[..Math.Min(400, leak.Length)]);
        }
    }

    private static string CodeOf(string link) => QueryHelpers.ParseQuery(new Uri(link).Query)["code"].ToString();

    /// <summary>Identity's own token, as the mailed link carries it base64url-encoded.</summary>
    private static string AccountCode(string encoded) => System.Text.Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encoded));

    /// <summary>Every private key of the ring, in the encodings a log line could show it.</summary>
    private static IEnumerable<string> KeyMaterial(KeySet keys)
    {
        IEnumerable<byte[]> raw = [
            .. keys.PublishedSigningKeys.OfType<ECDsaSecurityKey>().Select(k => k.ECDsa.ExportParameters(includePrivateParameters: true).D!),
            .. keys.DecryptionKeys.Select(k => k.Key),
            .. keys.SecretHashKeys.Values];
        return raw.SelectMany(bytes => new[] { Convert.ToBase64String(bytes), Base64UrlEncoder.Encode(bytes), Convert.ToHexString(bytes) });
    }

    [GeneratedRegex("<masterKey[^>]*>\\s*<value>([^<]+)</value>")]
    private static partial Regex MasterKey();

    private sealed class TraceLoggingFactory(CapturingLoggerProvider sink) : AuthServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            WithSetting("Logging:LogLevel:Default", "Trace");
            foreach (var category in new[] { "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing",
                         "Microsoft.AspNetCore.DataProtection", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.EntityFrameworkCore", "OpenIddict", "System" })
            {
                WithSetting("Logging:LogLevel:" + category, "Trace");
            }

            // A rule of the provider's own outranks every rule that names none.
            WithSetting($"Logging:{typeof(CapturingLoggerProvider).FullName}:LogLevel:Default", "Trace");
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(sink));
        }
    }
}
