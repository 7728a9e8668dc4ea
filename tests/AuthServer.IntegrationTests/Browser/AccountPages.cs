using OpenQA.Selenium;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>Page object for the company registration page.</summary>
public sealed class RegisterPage(IWebDriver driver, string baseUrl)
{
    public RegisterPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/Identity/Account/Register");
        return this;
    }

    public void Register(string company, string email, string password)
    {
        driver.FindElement(By.Id("Input_CompanyName")).SendKeys(company);
        driver.FindElement(By.Id("Input_Email")).SendKeys(email);
        driver.FindElement(By.Id("Input_Password")).SendKeys(password);
        driver.FindElement(By.Id("Input_ConfirmPassword")).SendKeys(password);
        driver.FindElement(By.Id("registerSubmit")).Click();
    }
}

/// <summary>The top bar: who is signed in, and the way out.</summary>
public sealed class TopBar(IWebDriver driver)
{
    public bool SignedIn => driver.FindElements(By.CssSelector("#user-menu")).Count > 0;

    public string CurrentSection => driver.FindElement(By.CssSelector(".sections a[aria-current='page']")).Text;

    /// <summary>Logs out through the user menu, and waits for the signed-out page.</summary>
    public void LogOut()
    {
        driver.FindElement(By.CssSelector("#user-menu summary")).Click();
        driver.FindElement(By.Id("log-out")).ClickToNextPage(driver);
    }

    public void OpenAccountSwitcher() => driver.FindElement(By.CssSelector("#account-switcher summary")).Click();
}

/// <summary>Page object for /settings/participants.</summary>
public sealed class ParticipantsPage(IWebDriver driver, string baseUrl)
{
    public ParticipantsPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/settings/participants");
        return this;
    }

    public ParticipantsPage Add(string name, string peppolId, string countryCode, string euVatId)
    {
        driver.FindElement(By.Id("add-Name")).SendKeys(name);
        driver.FindElement(By.Id("add-PeppolId")).SendKeys(peppolId);
        driver.FindElement(By.Id("add-CountryCode")).SendKeys(countryCode);
        driver.FindElement(By.Id("add-EuVatId")).SendKeys(euVatId);
        driver.FindElement(By.Id("add-submit")).Click();
        return this;
    }

    public IReadOnlyList<string> Names => [.. driver.FindElements(By.CssSelector(".participant-card .participant-name")).Select(e => e.Text)];

    /// <summary>Each participant's status as its badge says it: pending, verified or rejected.</summary>
    public IReadOnlyDictionary<string, string> Statuses => driver.FindElements(By.CssSelector(".participant-card")).ToDictionary(
        card => card.FindElement(By.CssSelector(".participant-name")).Text,
        card => card.FindElement(By.CssSelector(".participant-status")).GetAttribute("data-status") ?? "");
}

/// <summary>Page object for /settings/members.</summary>
public sealed class MembersPage(IWebDriver driver, string baseUrl)
{
    public MembersPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/settings/members");
        return this;
    }

    public MembersPage Invite(string email)
    {
        driver.FindElement(By.Id("Input_Email")).SendKeys(email);
        driver.FindElement(By.Id("invite-submit")).Click();
        return this;
    }

    public string StatusMessage => driver.FindElement(By.CssSelector("[role=status]")).Text;
}

/// <summary>Page object for the invitation's link, /invitations/{token}.</summary>
public sealed class InvitationPage(IWebDriver driver)
{
    public string Text => driver.FindElement(By.Id("invitation")).Text;

    public void RegisterAndJoin(string password)
    {
        driver.FindElement(By.Id("Input_Password")).SendKeys(password);
        driver.FindElement(By.Id("Input_ConfirmPassword")).SendKeys(password);
        driver.FindElement(By.Id("register-and-join")).Click();
    }
}

/// <summary>Page object for /settings/audit-log.</summary>
public sealed class AuditLogPage(IWebDriver driver, string baseUrl)
{
    public AuditLogPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/settings/audit-log");
        return this;
    }

    /// <summary>Each event: its action name, and its text (what, by whom, when).</summary>
    public IReadOnlyList<(string Action, string Text, string Time)> Events =>
        [.. driver.FindElements(By.CssSelector(".audit-event")).Select(e => (e.GetAttribute("data-action") ?? "", e.Text, e.FindElement(By.TagName("time")).GetAttribute("datetime") ?? ""))];
}

/// <summary>Screenshots of the page at desktop and phone width, whole page, for a person to look at.</summary>
public static class Screens
{
    public static readonly int[] Widths = [1280, 390];

    /// <returns>The files written; also whether the page scrolled sideways at any width.</returns>
    public static (IReadOnlyList<string> Files, bool ScrollsSideways) Shoot(IWebDriver driver, string name)
    {
        var files = new List<string>();
        var sideways = false;
        var js = (IJavaScriptExecutor)driver;
        foreach (var width in Widths)
        {
            driver.Manage().Window.Size = new System.Drawing.Size(width, 900);
            sideways |= (bool)js.ExecuteScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth;")!;
            files.Add(FullPage(driver, $"{name}-{width}"));
        }

        driver.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        return (files, sideways);
    }

    /// <summary>The whole page, not only the window (Chrome DevTools' captureBeyondViewport).</summary>
    private static string FullPage(IWebDriver driver, string name)
    {
        if (driver is not OpenQA.Selenium.Chromium.ChromiumDriver chromium)
        {
            return Infrastructure.Browser.SaveScreenshot(driver, name);
        }

        var js = (IJavaScriptExecutor)driver;
        var width = Convert.ToDouble(js.ExecuteScript("return window.innerWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        var height = Convert.ToDouble(js.ExecuteScript("return Math.min(document.documentElement.scrollHeight, 6000);"), System.Globalization.CultureInfo.InvariantCulture);
        var shot = (Dictionary<string, object?>)chromium.ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object> { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        })!;
        var folder = Path.Combine(Infrastructure.RepoPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        File.WriteAllBytes(path, Convert.FromBase64String((string)shot["data"]!));
        return path;
    }
}
