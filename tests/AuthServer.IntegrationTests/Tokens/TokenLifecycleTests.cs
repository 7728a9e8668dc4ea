using System.Net;
using System.Security.Cryptography;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>
/// Token families over time (SPEC §4): rotation, reuse detection, expiry. Each test moves the clock,
/// so each has a host of its own.
/// </summary>
public sealed class TokenLifecycleTests
{
    [Fact]
    public async Task Renew_OldTokenReusedAfterLeeway_RevokesWholeFamilyAndAudits()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var first = await ClientCredentialsAsync(client);
        var second = await RenewAsync(client, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, second.Status);

        factory.Time.Advance(TimeSpan.FromSeconds(6));
        var reused = await RenewAsync(client, first.RefreshToken);

        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("invalid_grant", reused.Error);
        Assert.Equal("invalid_grant", (await RenewAsync(client, second.RefreshToken)).Error);
        var api = await GetAsync(client, "/api/account", second.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        Assert.Equal("AccessTokenRevoked", api.Json.GetProperty("code").GetString());
        var family = Decode(first.AccessToken).Payload.GetProperty("fam").GetString();
        var audited = await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "refresh.reuse_detected" && e.Target == "family:" + family));
        Assert.True(audited);
    }

    [Fact]
    public async Task Renew_OldTokenRetriedWithinLeeway_AnsweredAgain()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var first = await ClientCredentialsAsync(client);
        var second = await RenewAsync(client, first.RefreshToken);

        factory.Time.Advance(TimeSpan.FromSeconds(3));
        var retried = await RenewAsync(client, first.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/account", second.AccessToken)).Status);
    }

    [Fact]
    public async Task AccessToken_AfterSixtyMinutes_AccessTokenExpired()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var token = await ClientCredentialsAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/account", token.AccessToken)).Status);

        factory.Time.Advance(TimeSpan.FromMinutes(61));
        var api = await GetAsync(client, "/api/account", token.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        Assert.Equal("AccessTokenExpired", api.Json.GetProperty("code").GetString());
        Assert.StartsWith("Bearer error=\"invalid_token\"", api.Response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyFamily_ThirtyDaysAfterStart_InvalidGrantEvenIfRefreshed()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var first = await ClientCredentialsAsync(client);

        factory.Time.Advance(TimeSpan.FromDays(29));
        var renewed = await RenewAsync(client, first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        factory.Time.Advance(TimeSpan.FromDays(2));
        var late = await RenewAsync(client, renewed.RefreshToken);

        Assert.Equal("invalid_grant", late.Error);
        Assert.Contains("client secret", late.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>Bearer checks of the API (SPEC §5) on <c>GET /api/account</c>, the integrator's first call.</summary>
public sealed class AccountEndpointTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Account_WithToken_AccountClientScopesParticipants()
    {
        var token = await ClientCredentialsAsync(_client, "send_documents read_participant_info");

        var (status, json, _) = await GetAsync(_client, "/api/account", token.AccessToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Demo Company", json.GetProperty("accountName").GetString());
        Assert.Equal(ApiKeyId, json.GetProperty("clientId").GetString());
        Assert.Equal(["read_participant_info", "send_documents"], json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2, json.GetProperty("participants").GetArrayLength());
        Assert.True(json.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(59));
    }

    [Fact]
    public async Task Account_NoToken_InvalidAccessTokenWithBearerChallenge()
    {
        var (status, json, response) = await GetAsync(_client, "/api/account", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("InvalidAccessToken", json.GetProperty("code").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("")]
    public async Task Account_GarbageToken_InvalidAccessToken(string token)
    {
        var (status, json, _) = await GetAsync(_client, "/api/account", token.Length == 0 ? " " : token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAccessToken", json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Account_TokenWithChangedSignature_InvalidAccessToken()
    {
        var token = (await ClientCredentialsAsync(_client)).AccessToken;
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';

        var (status, json, _) = await GetAsync(_client, "/api/account", $"{parts[0]}.{parts[1]}.{new string(signature)}");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAccessToken", json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Account_TokenAcceptedBefore_ThenAlteredPayload_InvalidAccessToken()
    {
        // A token that passed is recognized by its exact string afterwards: a changed copy is checked anew.
        var token = (await ClientCredentialsAsync(_client, "send_documents")).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_client, "/api/account", token)).Status);
        var parts = token.Split('.');
        var payload = Decode(token).Payload.GetRawText().Replace("send_documents", "read_all_documents", StringComparison.Ordinal);
        var altered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var (status, json, _) = await GetAsync(_client, "/api/account", altered);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAccessToken", json.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_client, "/api/account", token)).Status);
    }

    [Fact]
    public async Task Account_SameClaimsSignedByAnotherKey_InvalidAccessToken()
    {
        var real = Decode((await ClientCredentialsAsync(_client)).AccessToken).Payload;
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new JsonWebTokenHandler().CreateToken(real.GetRawText(), new SigningCredentials(new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256),
            new Dictionary<string, object> { ["typ"] = "at+jwt" });

        var (status, json, _) = await GetAsync(_client, "/api/account", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAccessToken", json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Account_AffiliateIdInsteadOfToken_Unauthorized()
    {
        var (status, json, _) = await GetAsync(_client, "/api/account?affiliateId=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f", null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("InvalidAccessToken", json.GetProperty("code").GetString());
    }
}
