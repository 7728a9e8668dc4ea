using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>Method 1 at /api/auth/token (seed 004 step 2, SPEC §3, §4, §5).</summary>
public sealed class TokenEndpointTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ClientCredentials_SecretInForm_ReturnsBearerJwtAndRefreshToken()
    {
        var token = await ClientCredentialsAsync(_client, "send_documents receive_documents");

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("no-store", token.Response.Headers.CacheControl!.ToString());
        Assert.Equal("Bearer", token.Json.GetProperty("token_type").GetString());
        Assert.Equal(3600, token.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal("send_documents receive_documents", token.Json.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
        var (header, payload) = Decode(token.AccessToken);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal(ApiKeyId, payload.GetProperty("sub").GetString());
        Assert.Equal(ApiKeyId, payload.GetProperty("client_id").GetString());
        Assert.Equal("http://localhost/api", payload.GetProperty("aud").GetString());
        Assert.True(Guid.TryParse(payload.GetProperty("account_id").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("jti").GetString()));
    }

    [Fact]
    public async Task ClientCredentials_BasicAuthentication_Works()
    {
        var token = await PostFormAsync(_client, "/api/auth/token", new() { ["grant_type"] = "client_credentials" }, Basic(ApiKeyId, ApiKeySecret));

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
    }

    [Fact]
    public async Task ClientCredentials_JsonBody_Works()
    {
        var token = await PostJsonAsync(_client, "/api/auth/token",
            new { grant_type = "client_credentials", client_id = ApiKeyId, client_secret = ApiKeySecret, scope = "send_documents" });

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("send_documents", token.Json.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ClientCredentials_NoScope_GetsEveryScopeButAdmin()
    {
        var token = await ClientCredentialsAsync(_client);

        Assert.Equal("read_participant_info send_documents receive_documents receive_all_documents read_all_documents",
            token.Json.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ClientCredentials_AdminAskedByApiKey_IsGranted()
    {
        var token = await ClientCredentialsAsync(_client, "admin");

        Assert.Equal("admin", token.Json.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ClientCredentials_WrongSecretOrUnknownClient_SameInvalidClientAnswer()
    {
        var wrongSecret = await ClientCredentialsAsync(_client, secret: "sk_wrong");
        var unknownClient = await ClientCredentialsAsync(_client, clientId: "no-such-client", secret: "sk_wrong");
        var unknownClientBasic = await PostFormAsync(_client, "/api/auth/token", new() { ["grant_type"] = "client_credentials" }, Basic("no-such-client", "sk_wrong"));

        foreach (var answer in new[] { wrongSecret, unknownClient, unknownClientBasic })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal("invalid_client", answer.Error);
            Assert.Equal(wrongSecret.Json.GetRawText(), answer.Json.GetRawText());
        }
    }

    [Fact]
    public async Task ClientCredentials_NoSecretSent_InvalidRequestNamingTheField()
    {
        var noSecret = await PostFormAsync(_client, "/api/auth/token", new() { ["grant_type"] = "client_credentials", ["client_id"] = ApiKeyId });

        Assert.Equal(HttpStatusCode.BadRequest, noSecret.Status);
        Assert.Equal("invalid_request", noSecret.Error);
        Assert.Contains("client_secret", noSecret.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openid")]
    [InlineData("send_documents everything")]
    public async Task ClientCredentials_ScopeNotAllowed_InvalidScope(string scope)
    {
        var token = await ClientCredentialsAsync(_client, scope);

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_scope", token.Error);
    }

    /// <summary>
    /// A scope that exists nowhere is refused even for a client whose permissions name it: OpenIddict's existence
    /// check (TokenEndpointHandlers.ValidateUnregisteredScopes) still runs for scopes the options do not register.
    /// </summary>
    [Fact]
    public async Task ClientCredentials_PermittedButNonexistentScope_InvalidScope()
    {
        await using var host = new AuthServerFactory();
        await host.WithDbAsync(async db =>
        {
            var apiKey = await db.Clients.SingleAsync(c => c.ClientId == ApiKeyId);
            apiKey.Permissions = apiKey.Permissions!.TrimEnd(']') + ",\"scp:no_such_scope\"]";
            return await db.SaveChangesAsync();
        });
        using var client = host.CreateClient();

        var token = await ClientCredentialsAsync(client, "no_such_scope");

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_scope", token.Error);
    }

    [Fact]
    public async Task ClientCredentials_DeveloperApplication_UnauthorizedClient()
    {
        var token = await ClientCredentialsAsync(_client, clientId: DeveloperAppId, secret: DeveloperAppSecret);

        Assert.Equal("unauthorized_client", token.Error);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("urn:ietf:params:oauth:grant-type:device_code")]
    public async Task Token_UnknownGrantType_UnsupportedGrantType(string grantType)
    {
        var token = await PostFormAsync(_client, "/api/auth/token", new() { ["grant_type"] = grantType, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("unsupported_grant_type", token.Error);
    }

    [Theory]
    [InlineData("{\"grant_type\":", "application/json")]
    [InlineData("[\"client_credentials\"]", "application/json")]
    [InlineData("{\"grant_type\":\"client_credentials\",\"scope\":[\"send_documents\"]}", "application/json")]
    [InlineData("{\"grant_type\":\"client_credentials\",\"grant_type\":\"password\"}", "application/json")]
    [InlineData("grant_type=client_credentials", "text/plain")]
    [InlineData("%%%=%%%&&&", "application/x-www-form-urlencoded")]
    [InlineData("", "application/x-www-form-urlencoded")]
    public async Task Token_MalformedBody_InvalidRequestNever500(string body, string contentType)
    {
        var token = await PostRawAsync(_client, "/api/auth/token", body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_request", token.Error);
    }

    [Fact]
    public async Task Renew_FreshRefreshToken_ReturnsNewPair()
    {
        var first = await ClientCredentialsAsync(_client, "send_documents");

        var renewed = await RenewAsync(_client, first.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        Assert.NotEqual(first.RefreshToken, renewed.RefreshToken);
        Assert.NotEqual(first.AccessToken, renewed.AccessToken);
        Assert.Equal("send_documents", renewed.Json.GetProperty("scope").GetString());
        Assert.Equal(Decode(first.AccessToken).Payload.GetProperty("fam").GetString(), Decode(renewed.AccessToken).Payload.GetProperty("fam").GetString());
    }

    [Fact]
    public async Task RefreshGrant_AtTokenEndpointWithApiKeyCredentials_Works()
    {
        var first = await ClientCredentialsAsync(_client);

        var refreshed = await RefreshAsync(_client, first.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.False(string.IsNullOrEmpty(refreshed.RefreshToken));
    }

    [Fact]
    public async Task Renew_WrongClientSecretSent_InvalidClient()
    {
        var first = await ClientCredentialsAsync(_client);

        var renewed = await PostJsonAsync(_client, "/api/auth/renew", new { refresh_token = first.RefreshToken, client_id = ApiKeyId, client_secret = "sk_wrong" });

        Assert.Equal(HttpStatusCode.Unauthorized, renewed.Status);
        Assert.Equal("invalid_client", renewed.Error);
    }

    [Fact]
    public async Task Renew_AnotherClientsRefreshToken_Refused()
    {
        var other = await ClientCredentialsAsync(_client, clientId: IntegratorKeyId, secret: IntegratorKeySecret);

        var renewed = await PostJsonAsync(_client, "/api/auth/renew", new { refresh_token = other.RefreshToken, client_id = ApiKeyId, client_secret = ApiKeySecret });
        var refreshed = await RefreshAsync(_client, other.RefreshToken);

        Assert.NotEqual(HttpStatusCode.OK, renewed.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task Renew_FamilyHoldingAdmin_InvalidGrantPointingToTokenEndpoint()
    {
        var admin = await ClientCredentialsAsync(_client, "admin");

        var renewed = await RenewAsync(_client, admin.RefreshToken);
        var refreshed = await RefreshAsync(_client, admin.RefreshToken);

        Assert.Equal("invalid_grant", renewed.Error);
        Assert.Contains("/api/auth/token", renewed.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
    }

    [Theory]
    [InlineData("client_credentials")]
    [InlineData("authorization_code")]
    public async Task Renew_AnotherGrantType_UnsupportedGrantTypeNamingRenew(string grantType)
    {
        var first = await ClientCredentialsAsync(_client);

        var renewed = await PostJsonAsync(_client, "/api/auth/renew", new { grant_type = grantType, refresh_token = first.RefreshToken, client_id = ApiKeyId, client_secret = ApiKeySecret });

        Assert.Equal(HttpStatusCode.BadRequest, renewed.Status);
        Assert.Equal("unsupported_grant_type", renewed.Error);
        Assert.Equal("/api/auth/renew only renews a refresh_token.", renewed.Json.GetProperty("error_description").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"refresh_token\":\"garbage\"}")]
    [InlineData("{\"refresh_token\":\"x\",\"grant_type\":\"client_credentials\"}")]
    public async Task Renew_BadBody_ClearErrorNever500(string body)
    {
        var renewed = await PostRawAsync(_client, "/api/auth/renew", body, "application/json");

        Assert.True(renewed.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, renewed.Json.GetRawText());
        Assert.NotNull(renewed.Error);
    }

    [Fact]
    public async Task Revoke_RefreshToken_RevokesFamilyAccessAndRefresh()
    {
        var token = await ClientCredentialsAsync(_client);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_client, "/api/account", token.AccessToken)).Status);

        var revoked = await PostFormAsync(_client, "/api/auth/revoke", new()
        {
            ["token"] = token.RefreshToken,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = ApiKeyId,
            ["client_secret"] = ApiKeySecret,
        });

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        var api = await GetAsync(_client, "/api/account", token.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        Assert.Equal("AccessTokenRevoked", api.Json.GetProperty("code").GetString());
        Assert.Equal("invalid_grant", (await RenewAsync(_client, token.RefreshToken)).Error);
    }

    [Fact]
    public async Task Introspect_OwnToken_ActiveWithScope_OtherClientsToken_Inactive()
    {
        var own = await ClientCredentialsAsync(_client, "send_documents");
        var others = await ClientCredentialsAsync(_client, clientId: IntegratorKeyId, secret: IntegratorKeySecret);

        var ownAnswer = await PostFormAsync(_client, "/api/auth/introspect", new() { ["token"] = own.AccessToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });
        var othersAnswer = await PostFormAsync(_client, "/api/auth/introspect", new() { ["token"] = others.AccessToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });
        var othersRefresh = await PostFormAsync(_client, "/api/auth/introspect", new() { ["token"] = others.RefreshToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });

        Assert.True(ownAnswer.Json.GetProperty("active").GetBoolean());
        Assert.Equal("send_documents", ownAnswer.Json.GetProperty("scope").GetString());
        Assert.False(othersAnswer.Json.GetProperty("active").GetBoolean());
        Assert.False(othersRefresh.Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_RevokedToken_Inactive()
    {
        var token = await ClientCredentialsAsync(_client);
        await PostFormAsync(_client, "/api/auth/revoke", new() { ["token"] = token.RefreshToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });

        var answer = await PostFormAsync(_client, "/api/auth/introspect", new() { ["token"] = token.AccessToken, ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret });

        Assert.False(answer.Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Metadata_OAuthOnly_S256Only()
    {
        var metadata = await GetAsync(_client, "/.well-known/oauth-authorization-server", null);

        Assert.Equal(["S256"], metadata.Json.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var scopes = metadata.Json.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.DoesNotContain("openid", scopes);
        Assert.DoesNotContain("offline_access", scopes);
        Assert.Contains("read_all_documents", scopes);
        Assert.False(metadata.Json.TryGetProperty("id_token_signing_alg_values_supported", out _));
    }
}
