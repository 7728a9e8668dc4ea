using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AuthServer.Core.Tokens;
using AuthServer.OAuth;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Tests;

/// <summary>The sealed format of refresh tokens and codes: confidential, tamper-evident, bound to its key and kind.</summary>
public sealed class SealedTokenTests
{
    private static readonly byte[] KeyA = SealedToken.DeriveSealingKey(RandomNumberGenerator.GetBytes(32));
    private static readonly byte[] KeyB = SealedToken.DeriveSealingKey(RandomNumberGenerator.GetBytes(32));
    // 31 bytes: with salt and tag, 63, so every base64url character carries data bits (none is padding).
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"c\":[[\"sub\",\"demo-api-key\"]]} ");

    private static byte[]? Keys(string id) => id switch { "kid-a" => KeyA, "kid-b" => KeyB, _ => null };

    private static bool Opens(string token) => SealedToken.TryUnseal(token, Keys, out _, out _);

    [Fact]
    public void Seal_ThenUnseal_GivesKindAndPayloadBack()
    {
        var token = SealedToken.Seal(SealedToken.RefreshTokenKind, "kid-a", KeyA, Payload);

        Assert.StartsWith("r1.kid-a.", token, StringComparison.Ordinal);
        Assert.True(SealedToken.TryUnseal(token, Keys, out var kind, out var payload));
        Assert.Equal(SealedToken.RefreshTokenKind, kind);
        Assert.Equal(Payload, payload);
    }

    [Fact]
    public void Seal_SamePayloadTwice_DifferentTokensAndNothingReadable()
    {
        var first = SealedToken.Seal(SealedToken.RefreshTokenKind, "kid-a", KeyA, Payload);
        var second = SealedToken.Seal(SealedToken.RefreshTokenKind, "kid-a", KeyA, Payload);

        Assert.NotEqual(first, second);
        var data = System.Buffers.Text.Base64Url.DecodeFromChars(first.AsSpan(first.LastIndexOf('.') + 1));
        Assert.DoesNotContain("demo-api-key", Encoding.Latin1.GetString(data), StringComparison.Ordinal);
    }

    [Fact]
    public void Unseal_AnyCharacterOfTheDataChanged_Refused()
    {
        var token = SealedToken.Seal(SealedToken.RefreshTokenKind, "kid-a", KeyA, Payload);
        var dataStart = token.LastIndexOf('.') + 1;

        for (var i = dataStart; i < token.Length; i++)
        {
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            Assert.False(Opens(new string(chars)), $"tampered at {i}");
        }
    }

    [Fact]
    public void Unseal_KindChanged_Refused()
    {
        var code = SealedToken.Seal(SealedToken.AuthorizationCodeKind, "kid-a", KeyA, Payload);

        Assert.True(Opens(code));
        Assert.False(Opens(SealedToken.RefreshTokenKind + code[SealedToken.AuthorizationCodeKind.Length..]));
    }

    [Fact]
    public void Unseal_OtherKeyIdOrUnknownKey_Refused()
    {
        var token = SealedToken.Seal(SealedToken.RefreshTokenKind, "kid-a", KeyA, Payload);

        Assert.False(Opens(token.Replace("kid-a", "kid-b", StringComparison.Ordinal)));
        Assert.False(Opens(token.Replace("kid-a", "kid-gone", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("r1")]
    [InlineData("r1.")]
    [InlineData("r1.kid-a")]
    [InlineData("r1.kid-a.")]
    [InlineData("r1.kid-a.AAAA")]
    [InlineData("r1.kid-a.!!!!not-base64!!!!")]
    [InlineData("eyJhbGciOiJBMjU2S1ciLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0.a.b.c.d")]
    public void Unseal_Garbage_RefusedWithoutThrowing(string token) => Assert.False(Opens(token));

    [Fact]
    public void Unseal_LongerThanAnyToken_Refused()
    {
        var token = SealedToken.Seal(SealedToken.RefreshTokenKind, "kid-a", KeyA, new byte[SealedToken.MaxLength]);

        Assert.False(Opens(token));
    }

    [Fact]
    public void Payload_RoundTrip_KeepsClaimsValueTypesAndDestinations()
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType);
        identity.SetClaim(Claims.Subject, "user-1")
            .SetClaim("fam_iat", 1796181433)
            .SetClaim(Claims.Private.TokenType, TokenTypeIdentifiers.RefreshToken);
        identity.SetScopes("send_documents", "read_all_documents");
        identity.AddClaim(new Claim("participant_ids", "[\"a\",\"b\"]", "JSON_ARRAY"));
        identity.AddClaim(new Claim("note", "x") { Properties = { ["custom"] = "value" } });
        identity.SetDestinations(claim => claim.Type == Claims.Subject ? [Destinations.AccessToken] : []);

        var read = SealedTokenPayload.TryRead(SealedTokenPayload.Write(new ClaimsPrincipal(identity)), new TokenValidationParameters())!;

        Assert.Equal("user-1", read.GetClaim(Claims.Subject));
        Assert.Equal(["send_documents", "read_all_documents"], read.GetScopes().ToArray());
        Assert.Equal(ClaimValueTypes.Integer64, read.FindFirst("fam_iat")!.ValueType);
        Assert.Equal("JSON_ARRAY", read.FindFirst("participant_ids")!.ValueType);
        Assert.Equal("value", read.FindFirst("note")!.Properties["custom"]);
        Assert.Equal([Destinations.AccessToken], read.FindFirst(Claims.Subject)!.GetDestinations().ToArray());
        Assert.Empty(read.FindFirst("fam_iat")!.GetDestinations());
        Assert.Null(read.GetClaim(Claims.Private.TokenType)); // the kind travels in the sealed header
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"c\":[[\"sub\"]]}")]
    [InlineData("{\"c\":[[\"sub\",\"v\",\"t\",[\"access_token\"],{\"p\":\"q\"},\"extra\"]]}")]
    [InlineData("{\"x\":[]}")]
    public void Payload_NotOneWeWrote_Null(string json) =>
        Assert.Null(SealedTokenPayload.TryRead(Encoding.UTF8.GetBytes(json), new TokenValidationParameters()));
}
