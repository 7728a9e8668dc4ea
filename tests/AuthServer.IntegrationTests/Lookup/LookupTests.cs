using System.Net;
using System.Text.Json;
using AuthServer.Core.Affiliates;
using static AuthServer.IntegrationTests.Lookup.Affiliates;

namespace AuthServer.IntegrationTests.Lookup;

public sealed class LookupTests(LookupHost host) : IClassFixture<LookupHost>
{
    private static readonly Guid Demo = LookupHost.DemoAffiliateId;

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string url)
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement, response);
    }

    private static void AssertRegistered(JsonElement body, string name, string peppolId, string countryCode)
    {
        // Exactly the public fields: nothing else may ever be added to this answer.
        Assert.Equal(["countryCode", "name", "peppolId", "registered"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(body.GetProperty("registered").GetBoolean());
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal(peppolId, body.GetProperty("peppolId").GetString());
        Assert.Equal(countryCode, body.GetProperty("countryCode").GetString());
    }

    private static void AssertProblem(HttpResponseMessage response, JsonElement body, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Lookup_EuVatIdLowerCaseWithSpace_ReturnsPublicFieldsOnly()
    {
        var (status, body, response) = await GetAsync(LookupUrl(Demo, "euVatId=be%200123456789"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertRegistered(body, "Demo Company BV", "0208:0123456789", "BE");
    }

    [Theory]
    [InlineData("0208:0123456789", "Demo Company BV", "0208:0123456789", "BE")]
    [InlineData("9929:cz%2012345678", "Demo Company CZ s.r.o.", "9929:CZ12345678", "CZ")]
    [InlineData("0106:12345678", "Integrator Ltd", "0106:12345678", "NL")] // any account's participant is public
    public async Task Lookup_PeppolId_ReturnsRegistered(string peppolId, string name, string expectedPeppolId, string country)
    {
        var (status, body, _) = await GetAsync(LookupUrl(Demo, "peppolId=" + peppolId));

        Assert.Equal(HttpStatusCode.OK, status);
        AssertRegistered(body, name, expectedPeppolId, country);
    }

    [Theory]
    [InlineData("12345678", "cz", "Demo Company CZ s.r.o.", "9929:CZ12345678")]
    [InlineData("12345678", "NL", "Integrator Ltd", "0106:12345678")] // same rn, other country: the country decides
    [InlineData("0123%20456%20789", "be", "Demo Company BV", "0208:0123456789")]
    public async Task Lookup_RnWithCountryCode_ReturnsRegistered(string rn, string countryCode, string name, string peppolId)
    {
        var (status, body, _) = await GetAsync(LookupUrl(Demo, $"rn={rn}&countryCode={countryCode}"));

        Assert.Equal(HttpStatusCode.OK, status);
        AssertRegistered(body, name, peppolId, countryCode.ToUpperInvariant());
    }

    [Theory]
    [InlineData("peppolId=0208:9999999999")]
    [InlineData("euVatId=DE999999999")]
    [InlineData("rn=12345678&countryCode=DE")]
    public async Task Lookup_UnknownCompany_ReturnsRegisteredFalseOnly(string query)
    {
        using var client = host.CreateClient();

        var text = await client.GetStringAsync(LookupUrl(Demo, query));

        Assert.Equal("""{"registered":false}""", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("peppolId=0208:0123456789&euVatId=BE0123456789")]
    [InlineData("euVatId=BE0123456789&rn=0123456789&countryCode=BE")]
    [InlineData("rn=0123456789")]
    [InlineData("countryCode=BE")]
    [InlineData("peppolId=")]
    [InlineData("euVatId=%20%20")]
    [InlineData("peppolId=0208:0123456789&peppolId=9929:CZ12345678")]
    [InlineData("rn=0123456789&countryCode=BEL")]
    [InlineData("rn=0123456789&countryCode=1E")]
    public async Task Lookup_NotExactlyOneIdentifier_Returns400Problem(string query)
    {
        var (_, body, response) = await GetAsync(LookupUrl(Demo, query));

        AssertProblem(response, body, HttpStatusCode.BadRequest, "InvalidLookupQuery");
    }

    [Fact]
    public async Task Lookup_OverlongIdentifier_Returns400NotServerError()
    {
        var (_, body, response) = await GetAsync(LookupUrl(Demo, "peppolId=" + new string('9', 5000)));

        AssertProblem(response, body, HttpStatusCode.BadRequest, "InvalidLookupQuery");
    }

    [Theory]
    [InlineData("/api/lookup?peppolId=0208:0123456789")]
    [InlineData("/api/lookup?affiliateId=&peppolId=0208:0123456789")]
    public async Task Lookup_MissingAffiliateId_Returns401Problem(string url)
    {
        var (_, body, response) = await GetAsync(url);

        AssertProblem(response, body, HttpStatusCode.Unauthorized, "AffiliateIdMissing");
        Assert.Equal("AffiliateId realm=\"lookup\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6")]
    [InlineData("3f2b8c1e7d4a4e9b9c5d1a2b3c4d5e6f")] // the demo ID without dashes: one spelling only
    [InlineData("%7B3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f%7D")]
    [InlineData("3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f&affiliateId=3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f")]
    public async Task Lookup_MalformedAffiliateId_Returns401Problem(string affiliateId)
    {
        var (_, body, response) = await GetAsync($"/api/lookup?affiliateId={affiliateId}&peppolId=0208:0123456789");

        AssertProblem(response, body, HttpStatusCode.Unauthorized, "AffiliateIdInvalid");
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Lookup_UnknownAffiliateId_Returns403Problem()
    {
        var (_, body, response) = await GetAsync(LookupUrl(Guid.NewGuid(), "peppolId=0208:0123456789"));

        AssertProblem(response, body, HttpStatusCode.Forbidden, "AffiliateIdUnknown");
    }

    [Fact]
    public async Task Lookup_RevokedAffiliateId_Returns403Problem()
    {
        var revoked = await CreateAsync(host, revoked: true);

        var (_, body, response) = await GetAsync(LookupUrl(revoked, "peppolId=0208:0123456789"));

        AssertProblem(response, body, HttpStatusCode.Forbidden, "AffiliateIdRevoked");
    }

    [Fact]
    public async Task Lookup_UpperCaseAffiliateId_IsTheSameId()
    {
        var (status, _, _) = await GetAsync(LookupUrl(Demo, "peppolId=0208:0123456789").Replace(Demo.ToString(), Demo.ToString().ToUpperInvariant(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Lookup_OverItsLimit_Returns429WithRetryAfter()
    {
        var limited = await CreateAsync(host, permitPerMinute: 3);
        using var client = host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync(LookupUrl(limited, "peppolId=0208:0123456789"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var (_, body, response) = await GetAsync(LookupUrl(limited, "peppolId=0208:0123456789"));

        AssertProblem(response, body, HttpStatusCode.TooManyRequests, "RateLimited");
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 20); // 3 a minute: the next permit comes within 20 s
    }

    [Fact]
    public async Task Lookup_OneIdOverItsLimit_OtherIdsUnaffected()
    {
        var limited = await CreateAsync(host, permitPerMinute: 1);
        var other = await CreateAsync(host, permitPerMinute: 1);
        using var client = host.CreateClient();
        (await client.GetAsync(LookupUrl(limited, "peppolId=0208:0123456789"))).Dispose();
        using var refused = await client.GetAsync(LookupUrl(limited, "peppolId=0208:0123456789"));

        using var response = await client.GetAsync(LookupUrl(other, "peppolId=0208:0123456789"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Lookup_IdRevokedByAnotherInstance_RefusedOnceCacheAgePasses()
    {
        var affiliate = await CreateAsync(host);
        var url = LookupUrl(affiliate, "peppolId=0208:0123456789");
        using var client = host.CreateClient();
        using (var cached = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        }

        // Written to the database behind this instance's back, as another instance's page would.
        await RevokeInDatabaseAsync(host, affiliate);
        host.Time.Advance(AffiliateIdDirectory.MaxAge);

        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Lookup_IdCachedAndUnchanged_StillAnswersWithinCacheAge()
    {
        // The other side of the test above: the cache is what serves the ID, not a read per request.
        var affiliate = await CreateAsync(host);
        var url = LookupUrl(affiliate, "peppolId=0208:0123456789");
        using var client = host.CreateClient();
        (await client.GetAsync(url)).Dispose();
        await RevokeInDatabaseAsync(host, affiliate);

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Lookup_Usage_CountedInMemoryThenWrittenInOneBatch()
    {
        var affiliate = await CreateAsync(host);
        using var client = host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(LookupUrl(affiliate, "peppolId=0208:0123456789"))).Dispose();
        }

        var beforeFlush = await LoadAsync(host, affiliate);
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var flushed = await PollAsync(() => LoadAsync(host, affiliate), a => a.RequestsOnUsageDay == 3);

        Assert.Equal(0, beforeFlush.RequestsOnUsageDay); // no database write per lookup
        Assert.Null(beforeFlush.LastUsedAt);
        Assert.Equal(DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime), flushed.UsageDay);
        Assert.NotNull(flushed.LastUsedAt);
    }

    [Fact]
    public async Task Lookup_UsageOnNextFlush_AddsToStoredCount()
    {
        var affiliate = await CreateAsync(host);
        using var client = host.CreateClient();
        (await client.GetAsync(LookupUrl(affiliate, "peppolId=0208:0123456789"))).Dispose();
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await PollAsync(() => LoadAsync(host, affiliate), a => a.RequestsOnUsageDay == 1);

        (await client.GetAsync(LookupUrl(affiliate, "euVatId=BE0123456789"))).Dispose();
        (await client.GetAsync(LookupUrl(affiliate, "euVatId=nothing"))).Dispose();
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var flushed = await PollAsync(() => LoadAsync(host, affiliate), a => a.RequestsOnUsageDay != 1);

        Assert.Equal(3, flushed.RequestsOnUsageDay);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        // The flush runs on the background service's thread once the fake clock ticks it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50);
        }
    }
}
