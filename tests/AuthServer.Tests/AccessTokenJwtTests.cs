using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AuthServer.OAuth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Tests;

/// <summary>
/// Our access-token writer against OpenIddict's own step (<c>GenerateIdentityModelToken</c>), both given the
/// descriptor OpenIddict's earlier steps make of the same principal: the same header, the same claims with the
/// same JSON types, and a signature the same key verifies. An upgrade that changes OpenIddict's tokens fails here.
/// </summary>
public sealed class AccessTokenJwtTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly SigningCredentials Credentials =
        new(new ECDsaSecurityKey(Key) { KeyId = "k-2026" }, SecurityAlgorithms.EcdsaSha256);

    [Fact]
    public async Task ClientCredentialsPrincipal_SameTokenAsOpenIddict()
    {
        var principal = Prepared(["https://auth.example/api"], ["send_documents", "receive_documents"]);
        ((ClaimsIdentity)principal.Identity!).SetClaim("account_id", Guid.NewGuid().ToString())
            .SetClaim("fam", Guid.NewGuid().ToString("N"))
            .SetClaim("fam_iat", 1_796_242_890L)
            .SetClaim("sid", Guid.NewGuid().ToString())
            .SetClaim(Claims.ClientId, "demo-api-key");

        await AssertSameAsOpenIddictAsync(principal);
    }

    [Fact]
    public async Task SeveralAudiencesAndRepeatedClaims_SameTokenAsOpenIddict()
    {
        var principal = Prepared(["https://auth.example/api", "https://other.example"], ["lookup"]);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("participant", "0208:0000050000"));
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("participant", "9925:BE0000050000"));
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("name", "Zoë \"Q\" <Test> + Co"));

        await AssertSameAsOpenIddictAsync(principal);
    }

    [Fact]
    public async Task NoScopesNoAudience_SameTokenAsOpenIddict()
    {
        await AssertSameAsOpenIddictAsync(Prepared([], []));
    }

    [Fact]
    public async Task KeyRollover_HeaderNamesTheKeyThatSigned()
    {
        var next = new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "k-2027" }, SecurityAlgorithms.EcdsaSha256);
        var context = await DescribedAsync(Prepared(["https://auth.example/api"], ["lookup"]));

        foreach (var (credentials, kid) in new[] { (Credentials, "k-2026"), (next, "k-2027"), (Credentials, "k-2026") })
        {
            context.SecurityTokenDescriptor.SigningCredentials = credentials;
            var token = new JsonWebToken(AccessTokenJwt.TryWrite(context.SecurityTokenDescriptor));
            Assert.Equal(kid, token.Kid);
        }
    }

    [Theory]
    [InlineData(ClaimValueTypes.Boolean, "true")]
    [InlineData(ClaimValueTypes.Double, "1.5")]
    [InlineData(ClaimValueTypes.Integer32, "7")]
    [InlineData("JSON", "{\"a\":1}")]
    public async Task ClaimOfAnotherValueType_LeftToOpenIddict(string valueType, string value)
    {
        var principal = Prepared(["https://auth.example/api"], ["lookup"]);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("extra", value, valueType));

        Assert.Null(AccessTokenJwt.TryWrite((await DescribedAsync(principal)).SecurityTokenDescriptor));
    }

    [Theory]
    [InlineData(Claims.Issuer)]
    [InlineData(Claims.Audience)]
    [InlineData(Claims.Scope)]
    [InlineData(Claims.JwtId)]
    [InlineData(Claims.NotBefore)]
    public async Task SubjectClaimNamedLikeARegisteredOne_LeftToOpenIddict(string type)
    {
        var principal = Prepared(["https://auth.example/api"], ["lookup"]);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(type, "x"));

        Assert.Null(AccessTokenJwt.TryWrite((await DescribedAsync(principal)).SecurityTokenDescriptor));
    }

    [Fact]
    public async Task EncryptedOrExtraHeader_LeftToOpenIddict()
    {
        var encrypted = await DescribedAsync(Prepared(["https://auth.example/api"], ["lookup"]));
        encrypted.SecurityTokenDescriptor.EncryptingCredentials = new EncryptingCredentials(
            new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512);
        var extraHeader = await DescribedAsync(Prepared(["https://auth.example/api"], ["lookup"]));
        extraHeader.SecurityTokenDescriptor.AdditionalHeaderClaims = new Dictionary<string, object> { ["x5t"] = "abc" };

        Assert.Null(AccessTokenJwt.TryWrite(encrypted.SecurityTokenDescriptor));
        Assert.Null(AccessTokenJwt.TryWrite(extraHeader.SecurityTokenDescriptor));
    }

    /// <summary>A principal as OpenIddict's PrepareAccessTokenPrincipal and AttachTokenMetadata leave it.</summary>
    private static ClaimsPrincipal Prepared(string[] audiences, string[] scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, "demo-api-key");
        var principal = new ClaimsPrincipal(identity)
            .SetCreationDate(DateTimeOffset.FromUnixTimeSeconds(1_796_242_890))
            .SetExpirationDate(DateTimeOffset.FromUnixTimeSeconds(1_796_246_490))
            .SetAudiences(audiences)
            .SetScopes(scopes)
            .SetPresenters("demo-api-key")
            .SetClaim(Claims.Private.Issuer, "https://auth.example/")
            .SetClaim(Claims.Private.TokenType, TokenTypeIdentifiers.AccessToken);
        return principal;
    }

    /// <summary>The context after OpenIddict's AttachTokenSubject and AttachTokenMetadata, as our writer finds it.</summary>
    private static async Task<OpenIddictServerEvents.GenerateTokenContext> DescribedAsync(ClaimsPrincipal principal)
    {
        var options = new OpenIddictServerOptions();
        var context = new OpenIddictServerEvents.GenerateTokenContext(new OpenIddictServerTransaction { Options = options, Logger = NullLogger.Instance })
        {
            Principal = principal,
            TokenType = TokenTypeIdentifiers.AccessToken,
            TokenFormat = TokenFormats.Private.JsonWebToken,
            SigningCredentials = Credentials,
            SecurityTokenHandler = options.JsonWebTokenHandler,
        };
        await new OpenIddictServerHandlers.Protection.AttachTokenSubject().HandleAsync(context);
        await new OpenIddictServerHandlers.Protection.AttachTokenMetadata().HandleAsync(context);
        return context;
    }

    private static async Task AssertSameAsOpenIddictAsync(ClaimsPrincipal principal)
    {
        var context = await DescribedAsync(principal);
        var ours = AccessTokenJwt.TryWrite(context.SecurityTokenDescriptor);
        Assert.NotNull(ours);
        await new OpenIddictServerHandlers.Protection.GenerateIdentityModelToken().HandleAsync(context);
        var theirs = context.Token!;

        // The same header and payload (the jti is drawn once, by AttachTokenMetadata); ECDSA signatures differ.
        Assert.Equal(theirs.Split('.')[0], ours.Split('.')[0]);
        var (ourPayload, theirPayload) = (Payload(ours), Payload(theirs));
        Assert.True(JsonNode.DeepEquals(theirPayload, ourPayload), $"ours: {ourPayload.ToJsonString()}\ntheirs: {theirPayload.ToJsonString()}");
        Assert.Equal(theirs.Split('.')[1], ours.Split('.')[1]);

        var checkedToken = await new JsonWebTokenHandler().ValidateTokenAsync(ours, new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(ECDsa.Create(Key.ExportParameters(false))) { KeyId = "k-2026" },
            ValidIssuer = "https://auth.example/",
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidTypes = [JsonWebTokenTypes.AccessToken],
        });
        Assert.True(checkedToken.IsValid, checkedToken.Exception?.Message);
    }

    private static JsonObject Payload(string token) =>
        JsonNode.Parse(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]))!.AsObject();
}
