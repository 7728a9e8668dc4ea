using AuthServer.Core.Clients;

namespace AuthServer.Tests;

public sealed class RedirectUriRulesTests
{
    [Theory]
    [InlineData("https://app.example.com/callback")]
    [InlineData("http://localhost:8080/callback")]
    [InlineData("http://127.0.0.1/cb")]
    [InlineData("http://[::1]:3000/cb")]
    public void Check_AllowedUris_Pass(string uri) => Assert.Null(RedirectUriRules.Check(uri));

    [Theory]
    [InlineData("http://app.example.com/callback", "https")]
    [InlineData("https://*.example.com/callback", "wildcards")]
    [InlineData("https://app.example.com/cb#frag", "fragment")]
    [InlineData("https://user:pass@app.example.com/cb", "user info")]
    [InlineData("/relative/callback", "absolute")]
    [InlineData("", "absolute")]
    [InlineData("javascript:alert(1)", "https")]
    public void Check_RefusedUris_SayWhy(string uri, string reason) =>
        Assert.Contains(reason, RedirectUriRules.Check(uri), StringComparison.Ordinal);
}
