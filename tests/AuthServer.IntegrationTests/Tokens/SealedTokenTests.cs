using System.Net;
using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>
/// Refresh tokens and codes in the sealed format (AES-256-GCM under the managed keys): what the server
/// accepts and refuses, across key rollover, expiry, and the JWE tokens issued before the format.
/// </summary>
public sealed class SealedTokenTests
{
    private static string Tampered(string token)
    {
        var chars = token.ToCharArray();
        var i = token.LastIndexOf('.') + 20;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private static string KeyIdOf(string token) => token.Split('.')[1];

    /// <summary>An authorization code for the demo Developer Application, approved by the demo Admin.</summary>
    private static async Task<string> CodeAsync(AuthServerFactory factory)
    {
        using var browser = await new OAuthFlow(factory).LogInAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);
        var (_, challenge) = OAuthFlow.NewPkce();
        var page = await OAuthFlow.OpenAsync(browser, OAuthFlow.AuthorizeUrl(OAuthFlow.DemoApp, challenge));
        return (await OAuthFlow.ApproveAsync(browser, page, participants: page.OfferedParticipants.Take(1)))["code"];
    }

    [Fact]
    public async Task RefreshTokensAndCodes_AreSealedUnderTheActiveEncryptionKey()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var token = await ClientCredentialsAsync(client);
        var code = await CodeAsync(factory);

        var activeKey = factory.Services.GetRequiredService<KeyRing>().Current.ActiveEncryption.KeyId;
        Assert.StartsWith($"{SealedToken.RefreshTokenKind}.{activeKey}.", token.RefreshToken, StringComparison.Ordinal);
        Assert.StartsWith($"{SealedToken.AuthorizationCodeKind}.{activeKey}.", code, StringComparison.Ordinal);
        Assert.Equal(3, token.RefreshToken.Split('.').Length);
    }

    [Fact]
    public async Task RefreshToken_Tampered_InvalidGrantAtRenewAndToken()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var token = await ClientCredentialsAsync(client);

        var renewed = await RenewAsync(client, Tampered(token.RefreshToken));
        var refreshed = await RefreshAsync(client, Tampered(token.RefreshToken));

        Assert.Equal(HttpStatusCode.BadRequest, renewed.Status);
        Assert.Equal("invalid_grant", renewed.Error);
        Assert.Equal("invalid_grant", refreshed.Error);
        Assert.Equal(HttpStatusCode.OK, (await RenewAsync(client, token.RefreshToken)).Status); // the real one was not burnt
    }

    [Fact]
    public async Task Code_PresentedAsRefreshToken_InvalidGrant()
    {
        await using var factory = new AuthServerFactory();
        var code = await CodeAsync(factory);
        using var client = factory.CreateClient();

        var refreshed = await RefreshAsync(client, code, DeveloperAppId, DeveloperAppSecret);

        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task RefreshToken_OfADeveloperApplication_PresentedByAnotherClient_InvalidGrant()
    {
        await using var factory = new AuthServerFactory();
        var flow = new OAuthFlow(factory);
        var tokens = await flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        var asApiKey = await flow.RefreshAsync(tokens.RefreshToken!, ApiKeyId, ApiKeySecret);

        Assert.Equal("invalid_grant", asApiKey.Error);
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(tokens.RefreshToken!)).Status);
    }

    [Fact]
    public async Task RefreshToken_UnusedForThirtyDays_Expired()
    {
        await using var factory = new AuthServerFactory();
        var flow = new OAuthFlow(factory);
        var tokens = await flow.AuthorizeAndExchangeAsync(OAuthFlow.Admin, OAuthFlow.AdminPassword);

        factory.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        var late = await flow.RefreshAsync(tokens.RefreshToken!);

        Assert.Equal("invalid_grant", late.Error);
    }

    [Fact]
    public async Task KeyRollover_TokenSealedUnderTheRetiredKey_StillRenews_AndItsSuccessorUsesTheNewKey()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var ring = factory.Services.GetRequiredService<KeyRing>();
        var firstKey = ring.Current.ActiveEncryption.KeyId;
        factory.Time.Advance(TimeSpan.FromDays(89));
        var token = await ClientCredentialsAsync(client);
        Assert.Equal(firstKey, KeyIdOf(token.RefreshToken));

        factory.Time.Advance(TimeSpan.FromDays(2)); // past the rotation period: the next key takes over
        for (var i = 0; i < 100 && ring.Current.ActiveEncryption.KeyId == firstKey; i++)
        {
            await Task.Delay(50);
        }

        var renewed = await RenewAsync(client, token.RefreshToken);

        Assert.NotEqual(firstKey, ring.Current.ActiveEncryption.KeyId);
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        Assert.Equal(ring.Current.ActiveEncryption.KeyId, KeyIdOf(renewed.RefreshToken));
    }

    [Fact]
    public async Task JweRefreshToken_IssuedBeforeTheSealedFormat_StillRenews()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var jwe = await AsIssuedBeforeAsync(factory, (await ClientCredentialsAsync(client)).RefreshToken);
        Assert.Equal(5, jwe.Split('.').Length); // a JWE in compact serialization

        var renewed = await RenewAsync(client, jwe);

        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        Assert.StartsWith(SealedToken.RefreshTokenKind + ".", renewed.RefreshToken, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", (await RenewAsync(client, Tampered(jwe))).Error);
    }

    [Fact]
    public async Task Revoke_SealedRefreshToken_FamilyRevokedAndIntrospectedInactive()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var token = await ClientCredentialsAsync(client);
        var credentials = new Dictionary<string, string?> { ["client_id"] = ApiKeyId, ["client_secret"] = ApiKeySecret };

        var before = await PostFormAsync(client, "/api/auth/introspect", new(credentials) { ["token"] = token.RefreshToken });
        await PostFormAsync(client, "/api/auth/revoke", new(credentials) { ["token"] = token.RefreshToken });
        var after = await PostFormAsync(client, "/api/auth/introspect", new(credentials) { ["token"] = token.RefreshToken });

        Assert.True(before.Json.GetProperty("active").GetBoolean());
        Assert.False(after.Json.GetProperty("active").GetBoolean());
        Assert.Equal("invalid_grant", (await RenewAsync(client, token.RefreshToken)).Error);
    }

    /// <summary>
    /// The same refresh token as OpenIddict issued it before the sealed format: its principal, run through
    /// OpenIddict's own JWT steps with the server's signing key and a JWE under its encryption key.
    /// </summary>
    private static async Task<string> AsIssuedBeforeAsync(AuthServerFactory factory, string sealedToken)
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var keys = factory.Services.GetRequiredService<KeyRing>().Current;
        Assert.True(SealedToken.TryUnseal(sealedToken, id => keys.SealingKeys.GetValueOrDefault(id), out _, out var payload));
        var principal = SealedTokenPayload.TryRead(payload, options.TokenValidationParameters)!.SetTokenType(TokenTypeIdentifiers.RefreshToken);

        var context = new OpenIddictServerEvents.GenerateTokenContext(new OpenIddictServerTransaction { Options = options, Logger = NullLogger.Instance })
        {
            Principal = principal,
            TokenType = TokenTypeIdentifiers.RefreshToken,
            TokenFormat = TokenFormats.Private.JsonWebToken,
            ClientId = ApiKeyId,
        };
        await new OpenIddictServerHandlers.Protection.AttachSecurityCredentials().HandleAsync(context);
        context.SigningCredentials = keys.ActiveSigning;
        context.EncryptionCredentials = keys.ActiveEncrypting;
        await new OpenIddictServerHandlers.Protection.AttachTokenSubject().HandleAsync(context);
        await new OpenIddictServerHandlers.Protection.AttachTokenMetadata().HandleAsync(context);
        await new OpenIddictServerHandlers.Protection.GenerateIdentityModelToken().HandleAsync(context);
        return context.Token!;
    }
}
