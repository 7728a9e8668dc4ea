using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.Lookup;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Lookup;

/// <summary>An affiliate ID opens lookups and nothing else (SPEC §4 method 4).</summary>
public sealed class AffiliateIdElsewhereTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    private const string Demo = "3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f";

    [Theory]
    [InlineData("/api/account")]
    [InlineData("/api/documents/outgoing")]
    [InlineData("/api/documents/incoming")]
    [InlineData("/api/participants")]
    public async Task AffiliateId_OnApiEndpoints_DoesNotAuthenticate(string path)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?affiliateId={Demo}");
        request.Headers.Add("X-Affiliate-Id", Demo);

        using var response = await client.SendAsync(request);

        // 401 once these endpoints exist; never a success.
        Assert.False(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode} to an affiliate ID");
    }

    [Fact]
    public async Task AffiliateId_OnSettingsPage_DoesNotSignIn()
    {
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync($"/settings/affiliate-ids?affiliateId={Demo}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AffiliateIdGate_GuardsOnlyLookupEndpoints()
    {
        var guarded = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AffiliateIdRequired>() is not null)
            .Select(e => e.RoutePattern.RawText?.TrimEnd('/'))
            .ToList();

        Assert.Equal(["/api/lookup"], guarded);
    }
}
