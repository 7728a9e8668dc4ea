using System.Net;
using System.Text.Json;
using AuthServer.IntegrationTests.Infrastructure;

namespace AuthServer.IntegrationTests.Foundation;

public sealed class MetadataTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Theory]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task Metadata_ListsSpecEndpoints_AsAbsoluteUrls(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var issuer = root.GetProperty("issuer").GetString()!;
        Assert.Equal("http://localhost/", issuer);
        Assert.Equal("http://localhost/api/auth/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/api/auth/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal("http://localhost/api/auth/revoke", root.GetProperty("revocation_endpoint").GetString());
        Assert.Equal("http://localhost/api/auth/introspect", root.GetProperty("introspection_endpoint").GetString());
        Assert.Equal("http://localhost/.well-known/jwks.json", root.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task Jwks_HoldsCurrentAndNextEs256Keys()
    {
        using var client = factory.CreateClient();

        var keys = await Jwks.GetKeysAsync(client);

        Assert.Equal(2, keys.Count);
        Assert.All(keys, k =>
        {
            Assert.Equal("EC", k.GetProperty("kty").GetString());
            Assert.Equal("P-256", k.GetProperty("crv").GetString());
            Assert.Equal("ES256", k.GetProperty("alg").GetString());
            Assert.False(k.TryGetProperty("d", out _), "private key material must never be published");
        });
    }
}

internal static class Jwks
{
    public static async Task<List<JsonElement>> GetKeysAsync(HttpClient client)
    {
        var json = await client.GetStringAsync("/.well-known/jwks.json");
        return [.. JsonDocument.Parse(json).RootElement.GetProperty("keys").EnumerateArray()];
    }

    public static async Task<List<string>> GetKidsAsync(HttpClient client) =>
        [.. (await GetKeysAsync(client)).Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal)];
}
