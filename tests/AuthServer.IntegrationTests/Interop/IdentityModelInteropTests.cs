using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.IntegrationTests.Interop;

/// <summary>
/// Methods 1 to 3 driven by Duende.IdentityModel, the .NET OAuth client most integrators use: every endpoint
/// comes from the metadata it reads, every request is the one it builds (its Basic header encoding, its form
/// fields), and access tokens are validated as a resource server would, against the published JWKS only.
/// </summary>
public sealed class IdentityModelInteropTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    private const string Authority = "http://localhost";

    [Theory]
    [InlineData(OidcConstants.Discovery.DiscoveryEndpoint)]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Discovery_FromEitherMetadataAddress_ValidatesAndListsEndpointsAndKeys(string path)
    {
        var disco = await DiscoverAsync(path);

        Assert.Equal(Authority + "/", disco.Issuer);
        Assert.Equal(Authority + "/api/auth/authorize", disco.AuthorizeEndpoint);
        Assert.Equal(Authority + "/api/auth/token", disco.TokenEndpoint);
        Assert.Equal(Authority + "/api/auth/revoke", disco.RevocationEndpoint);
        Assert.Equal(Authority + "/api/auth/introspect", disco.IntrospectionEndpoint);
        Assert.Contains("S256", disco.CodeChallengeMethodsSupported);
        Assert.DoesNotContain("plain", disco.CodeChallengeMethodsSupported);
        Assert.Contains("client_secret_basic", disco.TokenEndpointAuthenticationMethodsSupported);
        Assert.Contains("client_secret_post", disco.TokenEndpointAuthenticationMethodsSupported);
        Assert.NotNull(disco.KeySet);
        Assert.NotEmpty(disco.KeySet.Keys);
        Assert.All(disco.KeySet.Keys, key => Assert.Equal(("EC", "ES256"), (key.Kty, key.Alg)));
    }

    [Theory]
    [InlineData(ClientCredentialStyle.AuthorizationHeader)]
    [InlineData(ClientCredentialStyle.PostBody)]
    public async Task Method1_ClientCredentials_BasicOrPost_TokenValidatesAgainstJwks(ClientCredentialStyle style)
    {
        var disco = await DiscoverAsync();
        using var client = factory.CreateClient();

        var token = await ClientCredentialsAsync(disco, client, OAuthFlow.DemoApiKeySecret, "send_documents receive_documents", style);

        AssertIssued(token, "send_documents receive_documents");
        var jwt = await ValidateAsync(disco, token.AccessToken!);
        Assert.Equal(OAuthFlow.DemoApiKey, jwt.GetClaim("client_id").Value);
        Assert.Equal(OAuthFlow.DemoApiKey, jwt.Subject);
    }

    [Fact]
    public async Task Method1_WrongSecret_InvalidClientAsTheLibraryReadsIt()
    {
        var disco = await DiscoverAsync();
        using var client = factory.CreateClient();

        var token = await ClientCredentialsAsync(disco, client, OAuthFlow.DemoApiKeySecret + "x");

        // The library files any 401 under ErrorType.Http; the RFC 6749 error is still read from the JSON body.
        Assert.True(token.IsError);
        Assert.Equal(HttpStatusCode.Unauthorized, token.HttpStatusCode);
        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, token.TryGet(OidcConstants.TokenResponse.Error));
    }

    [Fact]
    public async Task Method1_RenewWithoutCredentials_ThenRefreshIntrospectRevoke()
    {
        var disco = await DiscoverAsync();
        using var client = factory.CreateClient();
        var first = await ClientCredentialsAsync(disco, client, OAuthFlow.DemoApiKeySecret, "read_participant_info");
        AssertIssued(first, "read_participant_info");

        // /api/auth/renew is the token endpoint's second address: the library's refresh request, no client.
        var renewed = await RefreshAsync(client, Authority + "/api/auth/renew", first, clientId: null, secret: null);
        AssertIssued(renewed, "read_participant_info");
        Assert.NotEqual(first.RefreshToken, renewed.RefreshToken);

        var refreshed = await RefreshAsync(client, disco.TokenEndpoint!, renewed, OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret);
        AssertIssued(refreshed, "read_participant_info");
        await ValidateAsync(disco, refreshed.AccessToken!);

        await AssertIntrospectRevokeAsync(disco, client, refreshed, OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret);
    }

    [Fact]
    public async Task Method2_ApiKeyCodeFlowWithPkce_ExchangeRefreshIntrospectRevoke()
    {
        var jwt = await CodeFlowRefreshIntrospectRevokeAsync(OAuthFlow.Member, OAuthFlow.MemberPassword,
            OAuthFlow.DemoApiKey, OAuthFlow.DemoApiKeySecret, ClientCredentialStyle.PostBody);

        Assert.False(jwt.TryGetPayloadValue<object>("participant_ids", out _)); // the API key acts for the whole account
    }

    [Fact]
    public async Task Method3_DeveloperAppCodeFlowWithPkce_ExchangeRefreshIntrospectRevoke()
    {
        var jwt = await CodeFlowRefreshIntrospectRevokeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword,
            OAuthFlow.DemoApp, OAuthFlow.DemoAppSecret, ClientCredentialStyle.AuthorizationHeader, new Parameters { { "euVatId", "CZ12345678" } });

        var czParticipant = await new OAuthFlow(factory).ParticipantIdAsync("CZ12345678");
        Assert.Equal([czParticipant.ToString()], jwt.GetPayloadValue<string[]>("participant_ids"));
    }

    /// <summary>
    /// Methods 2 and 3 end to end with the library: the code flow, the access token checked against the JWKS,
    /// a refresh with the same client authentication, then introspection and revocation.
    /// </summary>
    /// <returns>The first access token, validated.</returns>
    private async Task<JsonWebToken> CodeFlowRefreshIntrospectRevokeAsync(string email, string password, string clientId, string secret,
        ClientCredentialStyle style, Parameters? extra = null)
    {
        const string scope = "read_participant_info send_documents";
        var disco = await DiscoverAsync();
        using var client = factory.CreateClient();

        var token = await AuthorizeAndExchangeAsync(disco, client, email, password, clientId, secret, scope, style, extra);

        AssertIssued(token, scope);
        var jwt = await ValidateAsync(disco, token.AccessToken!);
        Assert.Equal(clientId, jwt.GetClaim("client_id").Value);
        var refreshed = await RefreshAsync(client, disco.TokenEndpoint!, token, clientId, secret, style);
        AssertIssued(refreshed, scope);
        await AssertIntrospectRevokeAsync(disco, client, refreshed, clientId, secret);
        return jwt;
    }

    /// <summary>The metadata as the library reads and checks it (issuer, endpoints on the authority, JWKS loaded).</summary>
    private async Task<DiscoveryDocumentResponse> DiscoverAsync(string path = OidcConstants.Discovery.DiscoveryEndpoint)
    {
        using var client = factory.CreateClient();
        var disco = await client.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = Authority,
            // The test host's origin; loopback is the only place the library allows plain HTTP.
            Policy = { DiscoveryDocumentPath = path, AllowHttpOnLoopback = true },
        });
        Assert.False(disco.IsError, $"discovery: {disco.ErrorType} {disco.Error}");
        return disco;
    }

    /// <summary>
    /// The code flow as an integrator's app runs it: the library builds the authorize URL (state, PKCE S256),
    /// the user logs in and approves on our pages, the library parses the redirect (RFC 9207 <c>iss</c>
    /// included) and exchanges the code with the verifier.
    /// </summary>
    private async Task<TokenResponse> AuthorizeAndExchangeAsync(DiscoveryDocumentResponse disco, HttpClient client, string email, string password,
        string clientId, string secret, string scope, ClientCredentialStyle style, Parameters? extra = null)
    {
        var (verifier, challenge) = OAuthFlow.NewPkce();
        var state = CryptoRandom.CreateUniqueId(16);
        var url = new RequestUrl(disco.AuthorizeEndpoint!).CreateAuthorizeUrl(clientId, OidcConstants.ResponseTypes.Code, scope,
            OAuthFlow.DemoRedirect, state, codeChallenge: challenge, codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256, extra: extra);

        using var browser = await new OAuthFlow(factory).LogInAsync(email, password);
        var page = await OAuthFlow.OpenAsync(browser, url);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var approved = await OAuthFlow.PostAsync(browser, page, "approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var redirect = approved.Headers.Location!.AbsoluteUri;
        Assert.StartsWith(OAuthFlow.DemoRedirect + "?", redirect, StringComparison.Ordinal);

        var answer = new AuthorizeResponse(redirect);
        Assert.False(answer.IsError, answer.Error);
        Assert.Equal(state, answer.State);
        Assert.Equal(disco.Issuer, answer.Issuer);

        return await client.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = clientId,
            ClientSecret = secret,
            ClientCredentialStyle = style,
            Code = answer.Code!,
            RedirectUri = OAuthFlow.DemoRedirect,
            CodeVerifier = verifier,
        });
    }

    private static Task<TokenResponse> ClientCredentialsAsync(DiscoveryDocumentResponse disco, HttpClient client, string secret,
        string? scope = null, ClientCredentialStyle style = ClientCredentialStyle.PostBody) =>
        client.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = OAuthFlow.DemoApiKey,
            ClientSecret = secret,
            ClientCredentialStyle = style,
            Scope = scope,
        });

    /// <summary>The library's refresh request; without a client id it authenticates nothing (renew).</summary>
    private static Task<TokenResponse> RefreshAsync(HttpClient client, string address, TokenResponse token, string? clientId, string? secret,
        ClientCredentialStyle style = ClientCredentialStyle.PostBody)
    {
        var request = new RefreshTokenRequest { Address = address, ClientCredentialStyle = style, RefreshToken = token.RefreshToken! };
        if (clientId is not null)
        {
            (request.ClientId, request.ClientSecret) = (clientId, secret);
        }

        return client.RequestRefreshTokenAsync(request);
    }

    private static void AssertIssued(TokenResponse token, string scope)
    {
        Assert.False(token.IsError, $"{token.ErrorType} {token.Error} {token.ErrorDescription}");
        Assert.Equal(OidcConstants.TokenResponse.BearerTokenType, token.TokenType);
        Assert.Equal(3600, token.ExpiresIn);
        Assert.Equal(scope, token.Scope);
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
        Assert.False(string.IsNullOrEmpty(token.RefreshToken));
    }

    /// <summary>
    /// An RFC 9068 access token checked with nothing but the metadata: signature against the JWKS (ES256),
    /// issuer, audience, lifetime and <c>typ: at+jwt</c>.
    /// </summary>
    private static async Task<JsonWebToken> ValidateAsync(DiscoveryDocumentResponse disco, string accessToken)
    {
        var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(disco.KeySet!.RawData);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = disco.Issuer,
            ValidAudience = disco.Issuer + "api",
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>
    /// RFC 7662 and RFC 7009 through the library: the client introspects its own access and refresh tokens
    /// (active), revokes the refresh token, and both are inactive afterwards (revoking one revokes the family).
    /// </summary>
    private static async Task AssertIntrospectRevokeAsync(DiscoveryDocumentResponse disco, HttpClient client, TokenResponse token, string clientId, string secret)
    {
        Task<TokenIntrospectionResponse> IntrospectAsync(string value, string hint) => client.IntrospectTokenAsync(new TokenIntrospectionRequest
        {
            Address = disco.IntrospectionEndpoint,
            ClientId = clientId,
            ClientSecret = secret,
            Token = value,
            TokenTypeHint = hint,
        });

        var access = await IntrospectAsync(token.AccessToken!, OidcConstants.TokenTypes.AccessToken);
        Assert.False(access.IsError, access.Error);
        Assert.True(access.IsActive);
        Assert.Equal(clientId, access.ClientId);
        Assert.Equal(token.Scope!.Split(' ').Order(), access.Scopes.Order());
        var refresh = await IntrospectAsync(token.RefreshToken!, OidcConstants.TokenTypes.RefreshToken);
        Assert.True(refresh.IsActive);

        var revoked = await client.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = disco.RevocationEndpoint,
            ClientId = clientId,
            ClientSecret = secret,
            Token = token.RefreshToken!,
            TokenTypeHint = OidcConstants.TokenTypes.RefreshToken,
        });
        Assert.False(revoked.IsError, revoked.Error);

        Assert.False((await IntrospectAsync(token.RefreshToken!, OidcConstants.TokenTypes.RefreshToken)).IsActive);
        Assert.False((await IntrospectAsync(token.AccessToken!, OidcConstants.TokenTypes.AccessToken)).IsActive);
        var refused = await RefreshAsync(client, disco.TokenEndpoint!, token, clientId, secret);
        Assert.Equal(OidcConstants.TokenErrors.InvalidGrant, refused.Error);
    }
}
