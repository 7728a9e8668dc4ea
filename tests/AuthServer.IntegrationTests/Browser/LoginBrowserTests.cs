using AuthServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

public sealed class LoginBrowserTests(KestrelAuthServerFactory host, ITestOutputHelper output) : IClassFixture<KestrelAuthServerFactory>
{
    [BrowserFact]
    public void Login_DemoAdminInChromium_LandsSignedIn()
    {
        using var driver = Infrastructure.Browser.Start();

        new LoginPage(driver, host.BaseUrl).Open().LogIn("admin@demo.test", "Demo-Admin-2026");

        Assert.Contains("Signed in as admin@demo.test", new HomePage(driver).AccountCardText, StringComparison.Ordinal);
        output.WriteLine("screenshot: " + Infrastructure.Browser.SaveScreenshot(driver, "login-signed-in"));
    }
}
