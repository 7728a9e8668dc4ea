using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using static AuthServer.IntegrationTests.Lookup.Affiliates;

namespace AuthServer.IntegrationTests.Lookup;

/// <summary>The per-network limit on failed attempts, with its configured default (20 a minute).</summary>
public sealed class LookupEnumerationTests(AuthServerFactory host) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task Lookup_RandomIdsFromOneNetwork_Get429BeforeThe30th()
    {
        using var client = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(LookupUrl(Guid.NewGuid(), "peppolId=0208:0123456789"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            }
        }

        var first429 = statuses.IndexOf(HttpStatusCode.TooManyRequests);
        Assert.InRange(first429, 1, 28); // zero-based: the 29th request at the latest
        Assert.All(statuses[..first429], s => Assert.Equal(HttpStatusCode.Forbidden, s));
        // Once blocked it stays blocked for the rest of the burst (20 a minute refill one per 3 s).
        Assert.True(statuses[first429..].Count(s => s == HttpStatusCode.TooManyRequests) >= 100 - first429 - 3);

        // A blocked network learns nothing more, not even that a right guess is right.
        using var valid = await client.GetAsync(LookupUrl(LookupHost.DemoAffiliateId, "peppolId=0208:0123456789"));
        Assert.Equal(HttpStatusCode.TooManyRequests, valid.StatusCode);
    }
}
