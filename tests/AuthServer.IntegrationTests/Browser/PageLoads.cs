using OpenQA.Selenium;

namespace AuthServer.IntegrationTests.Browser;

/// <summary>Waiting for the page a click leads to, so the next step never acts on the page that is going away.</summary>
public static class PageLoads
{
    /// <summary>Waits (up to 10 s) until <paramref name="element"/>, of the page before the click, is gone.</summary>
    public static void WaitUntilGone(IWebElement element, string failure)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            try
            {
                _ = element.Displayed; // throws once the page it belonged to is gone
            }
            catch (StaleElementReferenceException)
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException(failure);
    }
}
