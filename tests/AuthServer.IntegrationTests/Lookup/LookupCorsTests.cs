using System.Net;
using static AuthServer.IntegrationTests.Lookup.Affiliates;

namespace AuthServer.IntegrationTests.Lookup;

public sealed class LookupCorsTests(LookupHost host) : IClassFixture<LookupHost>
{
    private const string Shop = "https://shop.example";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Guid affiliateId, string origin, bool preflight = false)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(method, LookupUrl(affiliateId, "peppolId=0208:0123456789"));
        request.Headers.Add("Origin", origin);
        if (preflight)
        {
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "x-widget-version");
        }

        return await client.SendAsync(request);
    }

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;

    [Fact]
    public async Task Cors_ListedOrigin_GetsAllowOriginAndVary()
    {
        var affiliate = await CreateAsync(host, allowedOrigins: $"{Shop} http://localhost:3000");

        using var response = await SendAsync(HttpMethod.Get, affiliate, Shop);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Shop, AllowOrigin(response));
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Cors_UnlistedOrigin_GetsNoCorsHeaders()
    {
        var affiliate = await CreateAsync(host, allowedOrigins: Shop);

        using var response = await SendAsync(HttpMethod.Get, affiliate, "https://evil.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // servers may look up; browsers on that site cannot read it
        Assert.Null(AllowOrigin(response));
    }

    [Fact]
    public async Task Cors_IdWithoutOrigins_GetsNoCorsHeaders()
    {
        using var response = await SendAsync(HttpMethod.Get, LookupHost.DemoAffiliateId, Shop);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(AllowOrigin(response));
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Cors_PreflightFromListedOrigin_Returns204WithAllowHeaders()
    {
        var affiliate = await CreateAsync(host, allowedOrigins: Shop);

        using var response = await SendAsync(HttpMethod.Options, affiliate, Shop, preflight: true);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Shop, AllowOrigin(response));
        Assert.Contains("GET", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("x-widget-version", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cors_PreflightFromUnlistedOrigin_GetsNoAllowOrigin()
    {
        var affiliate = await CreateAsync(host, allowedOrigins: Shop);

        using var response = await SendAsync(HttpMethod.Options, affiliate, "https://evil.example", preflight: true);

        Assert.Null(AllowOrigin(response));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Cors_PreflightWithUnknownId_Returns403WithoutCors()
    {
        using var response = await SendAsync(HttpMethod.Options, Guid.NewGuid(), Shop, preflight: true);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(AllowOrigin(response));
    }

    [Fact]
    public async Task Cors_RateLimitedListedOrigin_CanReadRetryAfter()
    {
        var affiliate = await CreateAsync(host, permitPerMinute: 1, allowedOrigins: Shop);
        (await SendAsync(HttpMethod.Get, affiliate, Shop)).Dispose();

        using var response = await SendAsync(HttpMethod.Get, affiliate, Shop);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(Shop, AllowOrigin(response));
        Assert.Contains("Retry-After", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }
}
