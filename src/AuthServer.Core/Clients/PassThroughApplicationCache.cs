namespace AuthServer.Core.Clients;

/// <summary>
/// OpenIddict's per-request application cache, minus the cache: lookups go to the store. The built-in one
/// builds a MemoryCache for every request scope that resolves the application manager, which every token
/// request does; client lookups by client_id are cached across requests by <see cref="ClientSnapshotCache"/>
/// instead, and the store's DbContext already returns the instance it tracks for a repeated lookup by id.
/// </summary>
public sealed class PassThroughApplicationCache(IOpenIddictApplicationStore<OAuthClient> store) : IOpenIddictApplicationCache<OAuthClient>
{
    public ValueTask AddAsync(OAuthClient application, CancellationToken cancellationToken) => default;

    public ValueTask<OAuthClient?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken) =>
        store.FindByClientIdAsync(identifier, cancellationToken);

    public ValueTask<OAuthClient?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        store.FindByIdAsync(identifier, cancellationToken);

    public IAsyncEnumerable<OAuthClient> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        store.FindByPostLogoutRedirectUriAsync(uri, cancellationToken);

    public IAsyncEnumerable<OAuthClient> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        store.FindByRedirectUriAsync(uri, cancellationToken);

    public ValueTask RemoveAsync(OAuthClient application, CancellationToken cancellationToken) => default;
}
