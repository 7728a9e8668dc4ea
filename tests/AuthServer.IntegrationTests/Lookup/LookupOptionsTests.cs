using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AuthServer.IntegrationTests.Lookup;

/// <summary>The <c>Lookup</c> configuration section takes effect, and nonsense in it stops the start.</summary>
public sealed class LookupOptionsTests
{
    [Fact]
    public async Task LookupPermitPerMinute_Configured_LimitsIdsWithoutTheirOwn()
    {
        await using var host = new AuthServerFactory().WithSetting("Lookup:PermitPerMinute", "2");
        using var client = host.CreateClient();
        var url = Affiliates.LookupUrl(LookupHost.DemoAffiliateId, "peppolId=0208:0123456789"); // the demo ID sets no limit

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(url);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("Lookup:PermitPerMinute", "0")]
    [InlineData("Lookup:PermitPerMinute", "1000001")]
    [InlineData("Lookup:FailedPerIpPerMinute", "0")]
    [InlineData("Lookup:UsageFlushInterval", "00:00:00")]
    public async Task LookupSettings_OutOfRange_StopTheStart(string key, string value)
    {
        await using var host = new AuthServerFactory().WithSetting(key, value);

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.IsType<OptionsValidationException>(error.GetBaseException());
    }
}
