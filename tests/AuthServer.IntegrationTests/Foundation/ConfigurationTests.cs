using System.Text.Json;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Foundation;

public sealed class ConfigurationTests(AuthServerFactory factory) : IClassFixture<AuthServerFactory>
{
    [Fact]
    public async Task RootSettingsFile_ValueSetOnlyThere_TakesEffectInHost()
    {
        // Demo:AccountName is set in the repository's root appsettings.json and nowhere else
        // (no project-level appsettings, not overridden by the test host).
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(RepoPaths.RootSettingsFile));
        var expected = json.RootElement.GetProperty("Demo").GetProperty("AccountName").GetString();
        Assert.False(string.IsNullOrEmpty(expected));
        Assert.False(File.Exists(Path.Combine(RepoPaths.Root, "src", "AuthServer", "appsettings.json")));

        var names = await factory.WithDbAsync(db => db.Accounts.Select(a => a.Name).ToListAsync());

        Assert.Contains(expected, names);
    }

    [Fact]
    public async Task TestHostSetting_OverridesRootFile()
    {
        await using var overridden = new AuthServerFactory().WithSetting("Demo:AccountName", "Overridden Ltd");

        var names = await overridden.WithDbAsync(db => db.Accounts.Select(a => a.Name).ToListAsync());

        Assert.Contains("Overridden Ltd", names);
    }
}
