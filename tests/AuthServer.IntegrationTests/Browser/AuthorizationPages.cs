using OpenQA.Selenium;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>Page object for /developers, the list of the account's Developer Applications.</summary>
public sealed class DevelopersPage(IWebDriver driver, string baseUrl)
{
    public DevelopersPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/developers");
        return this;
    }

    public IReadOnlyList<string> ClientIds =>
        [.. driver.FindElements(By.CssSelector("#apps [data-client-id]")).Select(e => e.GetAttribute("data-client-id") ?? "")];

    public NewAppPage New()
    {
        driver.FindElement(By.Id("new-app")).ClickToNextPage(driver);
        return new NewAppPage(driver);
    }
}

/// <summary>Page object for /developers/new, and the page that shows the new app's credentials once.</summary>
public sealed class NewAppPage(IWebDriver driver)
{
    public NewAppPage Fill(string name, string homepage, IEnumerable<string> redirectUris, IEnumerable<string> scopes)
    {
        driver.FindElement(By.Id("Input_Name")).SendKeys(name);
        driver.FindElement(By.Id("Input_Description")).SendKeys("Reads participants and sends invoices for its customers.");
        driver.FindElement(By.Id("Input_HomepageUrl")).SendKeys(homepage);
        foreach (var scope in scopes)
        {
            driver.FindElement(By.Id("app-scope-" + scope)).Click();
        }

        driver.FindElement(By.Id("Input_RedirectUris")).SendKeys(string.Join("\n", redirectUris));
        return this;
    }

    public NewAppPage Create()
    {
        driver.FindElement(By.Id("create-app")).ClickToNextPage(driver);
        return this;
    }

    public string ClientId => driver.FindElement(By.Id("client-id")).Text;

    public string ClientSecret => driver.FindElement(By.Id("client-secret")).Text;
}

/// <summary>Page object for the consent screen at /api/auth/authorize.</summary>
public sealed class ConsentScreen(IWebDriver driver)
{
    public string Heading => driver.FindElement(By.TagName("h1")).Text;

    public IReadOnlyList<string> CheckedParticipantIds =>
        [.. driver.FindElements(By.CssSelector("input[name='Input.ParticipantIds']")).Where(e => e.Selected).Select(e => e.GetAttribute("value") ?? "")];

    public IReadOnlyList<string> HighlightedParticipantIds =>
        [.. driver.FindElements(By.CssSelector(".participant-preselected")).Select(e => e.GetAttribute("data-participant-id") ?? "")];

    /// <summary>The participant row's computed background, to tell a highlighted row from the others.</summary>
    public string BackgroundOf(string participantId) =>
        driver.FindElement(By.CssSelector($"[data-participant-id='{participantId}']")).GetCssValue("background-color");

    public IReadOnlyList<string> CheckedScopes =>
        [.. driver.FindElements(By.CssSelector("input[name='Input.Scopes']")).Where(e => e.Selected).Select(e => e.GetAttribute("value") ?? "")];

    /// <summary>True when the page is wider than the window (a phone user would have to scroll sideways).</summary>
    public bool ScrollsSideways =>
        (bool)((IJavaScriptExecutor)driver).ExecuteScript("return document.documentElement.scrollWidth > window.innerWidth;")!;

    public void Approve() => driver.FindElement(By.Id("approve")).ClickToNextPage(driver);

    /// <summary>Approves and waits until the browser is sent back to <paramref name="redirectUri"/>.</summary>
    public Uri ApproveAndWaitForRedirect(string redirectUri)
    {
        Approve();
        for (var waited = 0; waited < 100 && !driver.Url.StartsWith(redirectUri, StringComparison.Ordinal); waited++)
        {
            Thread.Sleep(100);
        }

        return new Uri(driver.Url);
    }

    public void Deny() => driver.FindElement(By.Id("deny")).ClickToNextPage(driver);
}

/// <summary>Page object for /settings/connected-apps.</summary>
public sealed class ConnectedAppsPage(IWebDriver driver, string baseUrl)
{
    public ConnectedAppsPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/settings/connected-apps");
        return this;
    }

    public IReadOnlyList<string> AppNames => [.. driver.FindElements(By.CssSelector(".connected-app h2")).Select(e => e.Text)];
}
