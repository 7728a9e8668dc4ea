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
