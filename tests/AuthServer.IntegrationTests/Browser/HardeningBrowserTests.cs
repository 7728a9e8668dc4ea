using System.Drawing;
using AuthServer.IntegrationTests.Infrastructure;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>
/// The pages issue 11 added or changed, in chromium at 1280 and 390 px: error pages, login (plain,
/// unconfirmed, throttled), register and its confirmation, email confirmation, password reset. Each must
/// show its message and never scroll sideways on a phone; screenshots are saved for a person to look at.
/// </summary>
public sealed class HardeningBrowserTests(ITestOutputHelper output)
{
    private static readonly int[] Widths = [1280, 390];

    [BrowserFact]
    public async Task ErrorPages_InLayoutWithAWayBack_DesktopAndPhone()
    {
        // /settings fails on purpose (500).
        await using var host = KestrelAuthServerFactory.With(new Dictionary<string, string?>(),
            services => FailingPage.AddTo(services, "/settings", "failing on purpose"));
        using var driver = Infrastructure.Browser.Start();
        new LoginPage(driver, host.BaseUrl).Open().LogIn(SignedIn.AdminEmail, SignedIn.AdminPassword);

        Capture(driver, host.BaseUrl + "/no/such/page", "error-404", "Page not found");
        Capture(driver, host.BaseUrl + "/settings", "error-500", "Something went wrong on our side");
        using (host.MakeDatabaseUnreachable())
        {
            Capture(driver, host.BaseUrl + "/developers", "error-503", "Temporarily unavailable");
        }

        driver.FindElement(By.Id("error-home")).Click();
        Assert.Equal(host.BaseUrl + "/", driver.Url);
    }

    [BrowserFact]
    public async Task AccountPages_RegisterConfirmLoginReset_DesktopAndPhone()
    {
        await using var host = new KestrelAuthServerFactory();
        using var driver = Infrastructure.Browser.Start();
        const string Email = "browser-owner@example.test";

        Capture(driver, host.BaseUrl + "/Identity/Account/Register", "register", "Create your company account.");
        driver.FindElement(By.Id("Input_CompanyName")).SendKeys("Browser Company");
        driver.FindElement(By.Id("Input_Email")).SendKeys(Email);
        driver.FindElement(By.Id("Input_Password")).SendKeys("Browser-Company-2026");
        driver.FindElement(By.Id("Input_ConfirmPassword")).SendKeys("Browser-Company-2026");
        driver.FindElement(By.Id("registerSubmit")).Click();
        Capture(driver, url: null, "register-confirmation", "We sent a mail to");

        var confirm = (await Mailbox.WaitForAsync(host.MailFolder, Email)).Link;
        new LoginPage(driver, host.BaseUrl).Open().LogIn(Email, "Browser-Company-2026");
        Capture(driver, url: null, "login-unconfirmed", "Confirm your email address first");
        Capture(driver, confirm, "confirm-email", "your email address is confirmed");
        Capture(driver, host.BaseUrl + "/Identity/Account/ConfirmEmail?userId=x&code=%21%21", "confirm-email-invalid", "The confirmation link is damaged");
        Capture(driver, host.BaseUrl + "/Identity/Account/Login", "login", "Forgot your password?");
        Capture(driver, host.BaseUrl + "/Identity/Account/ForgotPassword", "forgot-password", "if it has an account");
        driver.FindElement(By.Id("Input_Email")).SendKeys(Email);
        driver.FindElement(By.CssSelector("form button[type=submit]")).Click();
        var reset = (await Mailbox.WaitForAsync(host.MailFolder, Email, count: 2)).Link;
        Capture(driver, reset, "reset-password", "Reset password");
        Capture(driver, host.BaseUrl + "/Identity/Account/ResetPassword?code=%21", "reset-password-invalid", "This reset link is damaged");
    }

    [BrowserFact]
    public async Task ThrottledLogin_429PageSaysWhenToComeBack_DesktopAndPhone()
    {
        await using var host = KestrelAuthServerFactory.With(new Dictionary<string, string?> { ["Login:FailuresPerNetworkPerMinute"] = "2" });
        using var driver = Infrastructure.Browser.Start();
        for (var i = 0; i < 3; i++)
        {
            new LoginPage(driver, host.BaseUrl).Open().LogIn("someone@example.test", "wrong-password-" + i);
        }

        Capture(driver, url: null, "login-throttled", "Too many failed sign-ins from your network. Try again in");
    }

    /// <summary>
    /// Opens the page (null: the one a form just led to) at each width, checks its message and phone layout,
    /// and saves a screenshot.
    /// </summary>
    private void Capture(IWebDriver driver, string? url, string name, string expected)
    {
        foreach (var width in Widths)
        {
            driver.Manage().Window.Size = new Size(width, 1000);
            if (url is not null && driver.Url != url)
            {
                driver.Navigate().GoToUrl(url);
            }

            // A form just submitted may still be loading its answer.
            var text = "";
            for (var waited = 0; waited < 50 && !text.Contains(expected, StringComparison.Ordinal); waited++)
            {
                text = driver.FindElement(By.TagName("main")).Text;
                Thread.Sleep(waited == 0 ? 0 : 100);
            }

            Assert.Contains(expected, text, StringComparison.Ordinal);
            var sideways = (bool)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth;")!;
            Assert.False(sideways, $"{name} scrolls sideways at {width} px");
            output.WriteLine("screenshot: " + Infrastructure.Browser.SaveScreenshot(driver, $"hardening-{name}-{width}"));
        }
    }
}
