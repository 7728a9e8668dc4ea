using AuthServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

public sealed class ApiDocsBrowserTests(KestrelAuthServerFactory host, ITestOutputHelper output) : IClassFixture<KestrelAuthServerFactory>
{
    [BrowserFact]
    public void ApiDocs_AuthorizeWithApiKeyAndTryGetAccount_ShowsTheAccount()
    {
        using var driver = Infrastructure.Browser.Start(1400, 1000);
        try
        {
            var docs = new ApiDocsPage(driver, host.BaseUrl).Open().Authorize();
            docs.TryOperation("get", "/api/account");

            // Only the live answer of GET /api/account names the account: neither the page nor the document does.
            docs.WaitForText("Demo Company");
        }
        finally
        {
            output.WriteLine("screenshot: " + Infrastructure.Browser.SaveScreenshot(driver, "api-docs-try-account"));
        }
    }
}
