using AuthServer.Razor.Navigation;

namespace AuthServer.Tests;

public sealed class SectionsTests
{
    [Theory]
    [InlineData("/settings/members", "/settings/members")]
    [InlineData("/settings/participants?x=1", "/settings/participants")]
    [InlineData("/settings/unknown", "/settings")]
    [InlineData("/settings", "/settings")]
    [InlineData("/developers/app_123", "/developers")]
    [InlineData("/Identity/Account/Manage", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/settings", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData(null, "/")]
    public void RootOf_TheSameSectionAndNeverOffSite(string? path, string expected) => Assert.Equal(expected, Sections.RootOf(path));
}
