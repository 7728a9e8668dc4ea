using System.Net;
using System.Text.Json;
using AuthServer.Core;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Docs;

/// <summary>SPEC §6: an OpenAPI document of every API endpoint and its OAuth2 flows, and a /docs page that works offline.</summary>
public sealed class ApiDocsTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryMappedApiEndpointAndTheOAuthEndpoints()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var described = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();

        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToList();

        Assert.NotEmpty(mapped);
        Assert.All(mapped, endpoint => Assert.Contains(endpoint, described));
        Assert.Superset(new HashSet<string>
        {
            "GET /api/account", "GET /api/participants", "POST /api/participants", "GET /api/participants/{id}", "PUT /api/participants/{id}",
            "POST /api/documents", "GET /api/documents/outgoing", "GET /api/documents/incoming", "GET /api/documents/{id}",
            "POST /api/documents/{id}/processed", "GET /api/lookup",
            "POST /api/auth/token", "POST /api/auth/renew", "POST /api/auth/revoke", "POST /api/auth/introspect",
        }, described);
    }

    [Fact]
    public async Task OpenApi_SecurityScheme_HasBothFlowsAtTheRealUrlsWithTheSixScopes()
    {
        var scheme = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        var flows = scheme.GetProperty("flows");

        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        Assert.Equal("http://localhost/api/auth/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("http://localhost/api/auth/authorize", flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        Assert.Equal("http://localhost/api/auth/token", flows.GetProperty("authorizationCode").GetProperty("tokenUrl").GetString());
        foreach (var flow in new[] { "clientCredentials", "authorizationCode" })
        {
            Assert.Equal(Scopes.All.Order(), flows.GetProperty(flow).GetProperty("scopes").EnumerateObject().Select(s => s.Name).Order());
        }
    }

    [Theory]
    [InlineData("/api/documents", "post", new[] { "send_documents", "admin" })]
    [InlineData("/api/documents/incoming", "get", new[] { "receive_documents", "receive_all_documents", "read_all_documents", "admin" })]
    [InlineData("/api/participants/{id}", "put", new[] { "admin" })]
    [InlineData("/api/account", "get", new[] { "" })]
    public async Task OpenApi_Operation_ListsEachScopeThatOpensItAsAnAlternative(string path, string method, string[] scopes)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        var alternatives = operation.GetProperty("security").EnumerateArray()
            .Select(r => string.Join(' ', r.GetProperty("oauth2").EnumerateArray().Select(s => s.GetString())));

        Assert.Equal(scopes, alternatives);
        Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _));
    }

    [Fact]
    public async Task Docs_Page_LoadsScalarFromThisServerOnly()
    {
        using var client = host.CreateClient();

        var page = await client.GetStringAsync("/docs/");
        using var script = await client.GetAsync("/docs/scalar.js");

        Assert.Contains("<script src=\"scalar.js\"></script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal); // no CDN, fonts or proxy: the machine may be offline
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }
}
