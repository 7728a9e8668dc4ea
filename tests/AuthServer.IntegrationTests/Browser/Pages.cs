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
        driver.FindElement(By.Id("login-submit")).Click();
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
        driver.FindElement(By.CssSelector("#create-form button[type=submit]")).Click();
        return this;
    }

    public string StatusMessage => driver.FindElement(By.CssSelector("[role=status]")).Text;

    public IReadOnlyList<string> CardTexts => [.. driver.FindElements(By.CssSelector("article.card")).Select(e => e.Text)];

    /// <summary>Whether the page is wider than the window (a phone would have to scroll sideways).</summary>
    public bool ScrollsSideways => (bool)((IJavaScriptExecutor)driver).ExecuteScript(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")!;
}
