using AuthServer.Core.Keys;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.IntegrationTests.Foundation;

/// <summary>SPEC §8: keys generated once, kept across restarts, rolled with the next key published first.</summary>
public sealed class KeyRolloverTests
{
    private static string ActiveKid(AuthServerFactory factory) =>
        factory.Services.GetRequiredService<KeyRing>().Current.ActiveSigning.Key.KeyId;

    [Fact]
    public async Task Restart_OnSameDatabase_KeepsKids()
    {
        await using var first = new AuthServerFactory();
        var kidsBefore = await Jwks.GetKidsAsync(first.CreateClient());
        var activeBefore = ActiveKid(first);

        await using var restarted = AuthServerFactory.OnDatabase(first.Database, new FakeTimeProvider(first.Time.GetUtcNow()));
        var kidsAfter = await Jwks.GetKidsAsync(restarted.CreateClient());

        Assert.Equal(kidsBefore, kidsAfter);
        Assert.Equal(activeBefore, ActiveKid(restarted));
    }

    [Fact]
    public async Task Rollover_AtStart_NextKeyWasPublishedBeforeItSigns()
    {
        await using var first = new AuthServerFactory();
        var published = await Jwks.GetKidsAsync(first.CreateClient());
        var active = ActiveKid(first);
        var next = Assert.Single(published, kid => kid != active);

        // Past the rotation period (90 days) but within the retired key's retention (1 day).
        var later = new FakeTimeProvider(first.Time.GetUtcNow() + TimeSpan.FromDays(90) + TimeSpan.FromHours(12));
        await using var restarted = AuthServerFactory.OnDatabase(first.Database, later);
        var publishedLater = await Jwks.GetKidsAsync(restarted.CreateClient());

        Assert.Equal(next, ActiveKid(restarted));
        Assert.Contains(active, publishedLater); // retired, still published until its tokens expire
        Assert.Equal(3, publishedLater.Count);    // retired + active + a new next
    }

    [Fact]
    public async Task Rollover_WhileRunning_PublishesNewKeysWithoutRestart()
    {
        await using var factory = new AuthServerFactory();
        using var client = factory.CreateClient();
        var before = await Jwks.GetKidsAsync(client);
        var next = Assert.Single(before, kid => kid != ActiveKid(factory));

        factory.Time.Advance(TimeSpan.FromDays(90) + TimeSpan.FromHours(1)); // the hourly check fires

        List<string> after = before;
        for (var i = 0; i < 100 && after.SequenceEqual(before); i++)
        {
            await Task.Delay(50);
            after = await Jwks.GetKidsAsync(client);
        }

        Assert.Equal(3, after.Count);
        Assert.Equal(next, ActiveKid(factory));
    }

    [Fact]
    public async Task ServerKeys_AreStoredProtected()
    {
        await using var factory = new AuthServerFactory();
        _ = factory.Server;

        var keys = await factory.WithDbAsync(db => Task.FromResult(db.ServerKeys.ToList()));

        Assert.Equal(5, keys.Count); // signing current+next, encryption current+next, secret hashing
        Assert.All(keys, k => Assert.StartsWith("CfDJ8", k.ProtectedMaterial, StringComparison.Ordinal)); // Data Protection payload header
    }
}
