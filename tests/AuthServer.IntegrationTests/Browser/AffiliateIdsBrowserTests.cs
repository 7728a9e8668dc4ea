using System.Drawing;
using AuthServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

public sealed class AffiliateIdsBrowserTests(KestrelAuthServerFactory host, ITestOutputHelper output) : IClassFixture<KestrelAuthServerFactory>
{
    [BrowserFact]
    public void AffiliateIds_AdminCreatesIdInChromium_ListedAndReadableOnPhone()
    {
        using var driver = Infrastructure.Browser.Start();
        new LoginPage(driver, host.BaseUrl).Open().LogIn(SignedIn.AdminEmail, SignedIn.AdminPassword);

        var page = new AffiliateIdsPage(driver, host.BaseUrl).Open().Create("Shop checkout widget", "https://shop.example\nhttp://localhost:3000");

        Assert.StartsWith("Created affiliate ID", page.StatusMessage, StringComparison.Ordinal);
        var card = Assert.Single(page.CardTexts, t => t.Contains("Shop checkout widget", StringComparison.Ordinal));
        Assert.Contains("https://shop.example, http://localhost:3000", card, StringComparison.Ordinal);
        Assert.Contains(page.CardTexts, t => t.Contains("3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f", StringComparison.Ordinal));
        driver.Manage().Window.Size = new Size(1200, 1600); // tall enough for the whole list in one picture
        output.WriteLine("screenshot: " + Infrastructure.Browser.SaveScreenshot(driver, "affiliate-ids-desktop"));

        driver.Manage().Window.Size = new Size(390, 2600);
        page.Open();
        Assert.False(page.ScrollsSideways, "the page scrolls sideways at 390 px");
        output.WriteLine("screenshot: " + Infrastructure.Browser.SaveScreenshot(driver, "affiliate-ids-phone"));
    }
}
