using OpenQA.Selenium;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>Page object for Identity UI's login page.</summary>
public sealed class LoginPage(IWebDriver driver, string baseUrl)
{
    public LoginPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/Identity/Account/Login");
        return this;
    }

    public void LogIn(string email, string password)
    {
        driver.FindElement(By.Id("Input_Email")).SendKeys(email);
        driver.FindElement(By.Id("Input_Password")).SendKeys(password);
        driver.FindElement(By.Id("login-submit")).ClickToNextPage(driver);
    }
}

public static class PageNavigation
{
    private const string Marker = "window.__authServerTestLeaving";

    /// <summary>
    /// Clicks a link or a form's button and returns once the next page has loaded: Selenium's click may
    /// return before a form post (and its redirects) lands, and on a busy machine the caller would then read
    /// the old page, or its elements while they are being replaced.
    /// </summary>
    /// <remarks>
    /// The old page is marked with a script variable before the click; a new document starts without it.
    /// Asking the old element whether it is stale is not enough: while the document is being swapped,
    /// chromium answers "Node with given id does not belong to the document" (an unknown error, not a
    /// stale element), and a condition that throws it fails the test.
    /// </remarks>
    public static void ClickToNextPage(this IWebElement element, IWebDriver driver)
    {
        var script = (IJavaScriptExecutor)driver;
        script.ExecuteScript(Marker + " = true;");
        element.Click();
        var wait = new OpenQA.Selenium.Support.UI.WebDriverWait(driver, TimeSpan.FromSeconds(30));
        // Mid-navigation the script may find no execution context; that means "not loaded yet", and the
        // marker check decides once a document answers.
        wait.IgnoreExceptionTypes(typeof(WebDriverException));
        wait.Until(_ => (bool)script.ExecuteScript("return !" + Marker + " && document.readyState === 'complete';")!);
    }
}

/// <summary>Page object for the home page.</summary>
public sealed class HomePage(IWebDriver driver)
{
    public string AccountCardText => driver.FindElement(By.TagName("main")).Text;
}

/// <summary>Page object for /settings/affiliate-ids.</summary>
public sealed class AffiliateIdsPage(IWebDriver driver, string baseUrl)
{
    public AffiliateIdsPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/settings/affiliate-ids");
        return this;
    }

    public AffiliateIdsPage Create(string label, string origins)
    {
        driver.FindElement(By.Id("create-label")).SendKeys(label);
        driver.FindElement(By.CssSelector("#create-form summary")).Click(); // the optional fields are folded
        driver.FindElement(By.Id("create-origins")).SendKeys(origins);
        driver.FindElement(By.CssSelector("#create-form button[type=submit]")).ClickToNextPage(driver);
        return this;
    }

    public string StatusMessage => driver.FindElement(By.CssSelector("[role=status]")).Text;

    public IReadOnlyList<string> CardTexts => [.. driver.FindElements(By.CssSelector("article.card")).Select(e => e.Text)];

    /// <summary>Whether the page is wider than the window (a phone would have to scroll sideways).</summary>
    public bool ScrollsSideways => (bool)((IJavaScriptExecutor)driver).ExecuteScript(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")!;
}

/// <summary>Page object for the Scalar API reference at /docs.</summary>
public sealed class ApiDocsPage(IWebDriver driver, string baseUrl)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public ApiDocsPage Open()
    {
        driver.Navigate().GoToUrl(baseUrl + "/docs");
        Wait(d => d.FindElements(By.XPath("//h1[normalize-space()='AuthServer API']")).Count > 0, "the reference did not render");
        return this;
    }

    /// <summary>Client credentials with the prefilled API key: Scalar calls /api/auth/token from the page.</summary>
    public ApiDocsPage Authorize()
    {
        Click(By.XPath("//button[normalize-space()='Authorize']"));
        return this;
    }

    /// <summary>Opens the API client for an operation and sends the request.</summary>
    public ApiDocsPage TryOperation(string method, string path)
    {
        Click(By.XPath($"//button[contains(@class,'show-api-client-button') and contains(., '{method} {path}')]"));
        Click(By.XPath("//button[starts-with(normalize-space(), 'Send')]"));
        return this;
    }

    public string WaitForText(string text)
    {
        Wait(d => d.PageSource.Contains(text, StringComparison.Ordinal), $"'{text}' never appeared");
        return driver.PageSource;
    }

    private void Click(By by) => Wait(d =>
    {
        var element = d.FindElements(by).FirstOrDefault(e => e.Displayed && e.Enabled);
        if (element is null)
        {
            return false;
        }

        ((IJavaScriptExecutor)d).ExecuteScript("arguments[0].scrollIntoView({block:'center'});", element);
        element.Click();
        return true;
    }, $"no clickable {by}");

    private void Wait(Func<IWebDriver, bool> condition, string failure)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (condition(driver))
                {
                    return;
                }
            }
            catch (WebDriverException)
            {
                // Stale or covered element while the page re-renders: try again.
            }

            Thread.Sleep(200);
        }

        throw new InvalidOperationException(failure);
    }
}
