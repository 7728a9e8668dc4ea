using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>Issue 11 item 12: the OAuth 2.1 line (RFC 7636 verifiers, PKCE by default, strict rotation on request).</summary>
public sealed class PkceAndRotationTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("this-verifier-has-a-space-in-it so-it-is-not-unreserved-0123456789")]
    public async Task CodeVerifier_NotRfc7636_Refused(string verifier)
    {
        await using var factory = new AuthServerFactory();
        var flow = new OAuthFlow(factory);
        using var browser = await flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, OAuthFlow.NewPkce().Challenge));
        var redirect = await OAuthFlow.ApproveAsync(browser, page, participants: page.OfferedParticipants.Take(1));

        var token = await flow.ExchangeAsync(redirect["code"], OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_request", token.Error);
        Assert.Contains("43 to 128", token.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_CodeWithoutChallenge_RefusedUntilItsPageOptsOut()
    {
        await using var factory = new AuthServerFactory();
        var flow = new OAuthFlow(factory);
        using var admin = await flow.LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        using (var refused = await admin.GetAsync(OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApiKey, challenge: null)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
            Assert.Contains("code_challenge", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var settings = await HtmlPage.GetAsync(admin, "/settings/api-key");
        Assert.Equal(HttpStatusCode.OK, settings.Status);
        Assert.True(settings.Single("input[type='checkbox'][name='RequirePkce']").HasAttribute("checked")); // required by default
        using (var optOut = await SignedIn.PostFormAsync(admin, "/settings/api-key", "Pkce", new Dictionary<string, string> { ["RequirePkce"] = "false" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, optOut.StatusCode);
        }

        var page = await OAuthFlow.OpenAsync(admin, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApiKey, challenge: null));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var redirect = await OAuthFlow.ApproveAsync(admin, page);
        var token = await flow.ExchangeAsync(redirect["code"], OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret, verifier: null);
        Assert.Equal(HttpStatusCode.OK, token.Status);
    }

    [Fact]
    public async Task RefreshReuseLeewayZero_RotatedTokenRefusedAtOnceAndFamilyRevoked()
    {
        await using var factory = new AuthServerFactory().WithSetting("Tokens:RefreshReuseLeeway", "00:00:00");
        using var client = factory.CreateClient();
        var first = await ClientCredentialsAsync(client);
        var rotated = await RenewAsync(client, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);

        var retried = await RenewAsync(client, first.RefreshToken); // same instant: no leeway at all

        Assert.Equal(HttpStatusCode.BadRequest, retried.Status);
        Assert.Equal("invalid_grant", retried.Error);
        Assert.Equal("invalid_grant", (await RenewAsync(client, rotated.RefreshToken)).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/account", rotated.AccessToken)).Status);
    }

    [Fact]
    public async Task RefreshReuseLeewayDefault_RetryWithinFiveSecondsAnswered()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var first = await ClientCredentialsAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await RenewAsync(client, first.RefreshToken)).Status);
        factory.Time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(HttpStatusCode.OK, (await RenewAsync(client, first.RefreshToken)).Status);
    }
}
