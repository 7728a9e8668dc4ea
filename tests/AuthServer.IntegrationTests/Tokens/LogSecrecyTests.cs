using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>SPEC §8: no secret, token or password in the logs, at any level.</summary>
public sealed class LogSecrecyTests
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

    private sealed class TraceLoggingFactory(ILoggerProvider sink) : AuthServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            WithSetting("Logging:LogLevel:Default", "Trace");
            WithSetting("Logging:LogLevel:Microsoft", "Trace");
            WithSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            WithSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
            WithSetting("Logging:LogLevel:OpenIddict", "Trace");
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton(sink));
        }
    }
}
