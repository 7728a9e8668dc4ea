using AuthServer.Core.Clients;
using AuthServer.Core.Tokens;

namespace AuthServer.Tests;

public sealed class ClientSnapshotCacheTests
{
    /// <summary>Issue 11: anyone can send endless unknown client_ids; the cache of "no such client" must not grow with them.</summary>
    [Fact]
    public void UnknownClientIds_Flood_CacheStaysBounded()
    {
        var cache = new ClientSnapshotCache(new RevocationCache(), new FrozenTime());

        for (var i = 0; i < ClientSnapshotCache.MaxEntries * 3; i++)
        {
            cache.Set("unknown-" + i, client: null);
        }

        Assert.Equal(ClientSnapshotCache.MaxEntries, cache.Count);
        Assert.False(cache.TryGet("unknown-" + ((ClientSnapshotCache.MaxEntries * 3) - 1), out _));
    }

    [Fact]
    public void KnownClient_CachedEvenWhenFull()
    {
        var cache = new ClientSnapshotCache(new RevocationCache(), new FrozenTime());
        for (var i = 0; i < ClientSnapshotCache.MaxEntries; i++)
        {
            cache.Set("unknown-" + i, client: null);
        }

        var client = new OAuthClient { ClientId = "known" };
        cache.Set("known", client);

        Assert.True(cache.TryGet("known", out var cached));
        Assert.Same(client, cached);
    }

    /// <summary>A clock that does not move: nothing expires during the test.</summary>
    private sealed class FrozenTime : TimeProvider
    {
        public override long GetTimestamp() => 1_000_000;
    }
}
