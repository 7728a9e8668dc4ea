namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// A test that drives Debian's headless chromium. Where chromium or chromedriver is missing it is
/// skipped with the reason, unless REQUIRE_BROWSER=1 (as .ci/run sets), where it runs and fails.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.MissingReason is { } reason && Environment.GetEnvironmentVariable("REQUIRE_BROWSER") != "1")
        {
            Skip = reason;
        }
    }
}
