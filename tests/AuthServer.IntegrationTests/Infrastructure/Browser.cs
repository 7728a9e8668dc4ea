using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Starts Debian's chromium through Debian's chromedriver (nothing is downloaded).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    public static string? MissingReason =>
        !File.Exists(ChromiumPath) ? $"{ChromiumPath} not found: apt-get install chromium chromium-driver" :
        !File.Exists(DriverPath) ? $"{DriverPath} not found: apt-get install chromium-driver" :
        null;

    public static ChromeDriver Start(int width = 1200, int height = 900)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // The machine has no network beyond loopback: background fetches only produce noise and delays.
        // Bootstrap scrolls smoothly unless reduced motion is asked for; a click during that scroll misses.
        options.AddArguments("--headless=new", "--force-prefers-reduced-motion", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            $"--window-size={width},{height}");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
        return driver;
    }

    /// <summary>Saves a screenshot under TestResults/screenshots for a person to look at.</summary>
    public static string SaveScreenshot(IWebDriver driver, string name)
    {
        var folder = Path.Combine(RepoPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        return path;
    }
}
