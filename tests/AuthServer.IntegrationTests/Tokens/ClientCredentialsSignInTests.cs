using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthServer.Core.Keys;
using AuthServer.Core.Tokens;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.OAuth.Handlers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Server;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Tokens;

/// <summary>
/// The client_credentials grant is signed in by <see cref="IssueClientCredentialsTokens"/>, not by OpenIddict's
/// sign-in pipeline. Two hosts on one database and one stopped clock, one of them without that handler (so
/// OpenIddict's own sign-in runs), answer the same request: the answers must be the same JSON, the access tokens
/// the same header and claims, and the sealed refresh tokens the same claims with the same value types and
/// properties, in the same order. Only the values each token draws at random (the access token's <c>jti</c>,
/// the refresh token's id, the new family) differ. An OpenIddict upgrade that changes what its sign-in puts
/// in either token fails here.
/// </summary>
public sealed class ClientCredentialsSignInTests
{
    /// <summary>Claims drawn at random on each issue: compared by shape, not value.</summary>
    private static readonly Dictionary<string, string> Random = new()
    {
        ["jti"] = "an id",
        [TokenClaims.FamilyId] = "a family",
    };

    [Theory]
    [InlineData(null)]
    [InlineData("send_documents receive_documents")]
    [InlineData("receive_documents send_documents read_participant_info")]
    public async Task SameAnswerAsOpenIddictsSignIn(string? scope)
    {
        await using var ours = new AuthServerFactory();
        await using var openIddicts = new OpenIddictSignInFactory(ours.Database, ours.Time);
        using var ourClient = ours.CreateClient();
        using var theirClient = openIddicts.CreateClient();

        var our = await ClientCredentialsAsync(ourClient, scope);
        var their = await ClientCredentialsAsync(theirClient, scope);

        Assert.Equal(System.Net.HttpStatusCode.OK, their.Status);
        Assert.Equal(Masked(their.Json, "access_token", "refresh_token"), Masked(our.Json, "access_token", "refresh_token"));
        foreach (var header in new[] { "Cache-Control", "Pragma" })
        {
            Assert.Equal(their.Response.Headers.GetValues(header), our.Response.Headers.GetValues(header));
        }

        Assert.Equal(their.Response.Content.Headers.ContentType, our.Response.Content.Headers.ContentType);

        var (theirHeader, theirPayload) = Decoded(their.AccessToken);
        var (ourHeader, ourPayload) = Decoded(our.AccessToken);
        Assert.Equal(theirHeader, ourHeader);
        Assert.Equal(Masked(theirPayload), Masked(ourPayload));

        Assert.Equal(SealedClaims(openIddicts, their.RefreshToken), SealedClaims(ours, our.RefreshToken));
    }

    [Fact]
    public async Task OurTokens_RenewAndCallTheApiOnTheOtherHost()
    {
        await using var ours = new AuthServerFactory();
        await using var openIddicts = new OpenIddictSignInFactory(ours.Database, ours.Time);
        using var ourClient = ours.CreateClient();
        using var theirClient = openIddicts.CreateClient();

        var issued = await ClientCredentialsAsync(ourClient, "send_documents");
        var renewed = await RenewAsync(theirClient, issued.RefreshToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/account");
        request.Headers.Authorization = new("Bearer", issued.AccessToken);
        using var account = await theirClient.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, renewed.Status);
        Assert.Equal("send_documents", renewed.Json.GetProperty("scope").GetString());
        Assert.Equal(System.Net.HttpStatusCode.OK, account.StatusCode);
    }

    private static (string Header, JsonObject Payload) Decoded(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (Encoding.UTF8.GetString(Base64Url(parts[0])), JsonNode.Parse(Base64Url(parts[1]))!.AsObject());
    }

    private static byte[] Base64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    /// <summary>The object as JSON text, with the given members' values and the random claims replaced by their shape.</summary>
    private static string Masked(JsonElement json, params string[] members)
    {
        var node = JsonNode.Parse(json.GetRawText())!.AsObject();
        foreach (var member in members)
        {
            Assert.False(string.IsNullOrEmpty(node[member]?.GetValue<string>()));
            node[member] = "a token";
        }

        return node.ToJsonString();
    }

    private static string Masked(JsonObject payload)
    {
        foreach (var (name, shape) in Random)
        {
            if (payload[name] is { } value)
            {
                Assert.False(string.IsNullOrEmpty(value.GetValue<string>()));
                payload[name] = shape;
            }
        }

        return payload.ToJsonString();
    }

    /// <summary>The sealed payload's claims (<c>[type, value, value type, destinations, properties]</c>), random values masked.</summary>
    private static string SealedClaims(AuthServerFactory host, string refreshToken)
    {
        var keys = host.Services.GetRequiredService<KeyRing>().Current.SealingKeys;
        Assert.True(SealedToken.TryUnseal(refreshToken, id => keys.GetValueOrDefault(id), out var kind, out var payload));
        Assert.Equal(SealedToken.RefreshTokenKind, kind);
        var claims = JsonNode.Parse(payload)!["c"]!.AsArray();
        Assert.NotEmpty(claims);
        foreach (var claim in claims)
        {
            if (Random.TryGetValue(claim![0]!.GetValue<string>(), out var shape))
            {
                Assert.False(string.IsNullOrEmpty(claim[1]!.GetValue<string>()));
                claim[1] = shape;
            }
        }

        return claims.ToJsonString();
    }

    /// <summary>A second host on the same database and clock whose client_credentials tokens come from OpenIddict's sign-in.</summary>
    private sealed class OpenIddictSignInFactory(TestDatabase database, FakeTimeProvider time) : AuthServerFactory(database, time)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.PostConfigure<OpenIddictServerOptions>(options =>
                Assert.True(options.Handlers.Remove(IssueClientCredentialsTokens.Descriptor))));
        }
    }
}
