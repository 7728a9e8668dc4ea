using OpenQA.Selenium;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>Page object for the operator console, /operator. Every button that posts waits for the page it leads to.</summary>
public sealed class OperatorConsolePage(IWebDriver driver, string baseUrl)
{
    public OperatorConsolePage Open(string? search = null)
    {
        driver.Navigate().GoToUrl(baseUrl + "/operator" + (search is null ? "" : "?q=" + Uri.EscapeDataString(search)));
        return this;
    }

    public OperatorConsolePage Verify(Guid participantId)
    {
        SubmitAndWait(driver.FindElement(By.CssSelector($"[data-participant-id='{participantId}'] form.verify-form button[type=submit]")));
        return this;
    }

    /// <summary>Unfolds the reject form under the participant's Reject… button.</summary>
    public OperatorConsolePage OpenReject(Guid participantId)
    {
        var details = driver.FindElement(By.CssSelector($"[data-participant-id='{participantId}'] details.reject"));
        if (details.GetAttribute("open") is null)
        {
            details.FindElement(By.TagName("summary")).Click();
        }

        return this;
    }

    public OperatorConsolePage Reject(Guid participantId, string reason)
    {
        var scope = $"[data-participant-id='{participantId}'] details.reject";
        OpenReject(participantId);
        driver.FindElement(By.CssSelector(scope + " textarea[name=reason]")).SendKeys(reason);
        SubmitAndWait(driver.FindElement(By.CssSelector(scope + " button[type=submit]")));
        return this;
    }

    /// <summary>Opens the console on the account (by searching for its name) and presses Suspend or Reinstate with the reason.</summary>
    public OperatorConsolePage SuspendOrReinstate(Guid accountId, string accountName, string reason)
    {
        Open(accountName);
        // Suspending folds out under its button; reinstating is in view.
        // (Asked of the page, not FindElements, which would wait out the implicit timeout when there is none.)
        if ((bool)((IJavaScriptExecutor)driver).ExecuteScript("return document.querySelector(arguments[0]) !== null;", $"#account-{accountId} details.suspend")!)
        {
            driver.FindElement(By.CssSelector($"#account-{accountId} details.suspend summary")).Click();
        }

        var form = $"#account-{accountId} form.suspension-form";
        driver.FindElement(By.CssSelector(form + " textarea[name=reason]")).SendKeys(reason);
        SubmitAndWait(driver.FindElement(By.CssSelector(form + " button[type=submit]")));
        return this;
    }

    public string StatusMessage => driver.FindElement(By.Id("operator-status")).Text;

    public int PendingCount => driver.FindElements(By.CssSelector(".pending-participant")).Count;

    public IReadOnlyList<string> LogActions => [.. driver.FindElements(By.CssSelector(".operator-log-entry")).Select(e => e.GetAttribute("data-action") ?? "")];

    public void ScrollTo(string selector) =>
        ((IJavaScriptExecutor)driver).ExecuteScript("document.querySelector(arguments[0]).scrollIntoView({block:'start'});", selector);

    /// <summary>Clicks a button that posts, and waits for the page the post redirects back to.</summary>
    private void SubmitAndWait(IWebElement button)
    {
        ((IJavaScriptExecutor)driver).ExecuteScript("arguments[0].scrollIntoView({block:'center'});", button);
        button.ClickToNextPage(driver);
    }
}
