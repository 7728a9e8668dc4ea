namespace AuthServer.Core.Clients;

/// <summary>
/// OpenIddict's per-request scope cache, minus the cache, for the same reason as
/// <see cref="PassThroughApplicationCache"/>: the built-in one builds a MemoryCache in every token request's
/// scope (the scope check resolves the scope manager), while our scopes are fixed in the server options
/// and the store is only asked about names that are not among them.
/// </summary>
public sealed class PassThroughScopeCache(IOpenIddictScopeStore<OpenIddictEntityFrameworkCoreScope> store) : IOpenIddictScopeCache<OpenIddictEntityFrameworkCoreScope>
{
    public ValueTask AddAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken) => default;

    public ValueTask<OpenIddictEntityFrameworkCoreScope?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        store.FindByIdAsync(identifier, cancellationToken);

    public ValueTask<OpenIddictEntityFrameworkCoreScope?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        store.FindByNameAsync(name, cancellationToken);

    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreScope> FindByNamesAsync(ImmutableArray<string> names, CancellationToken cancellationToken) =>
        store.FindByNamesAsync(names, cancellationToken);

    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreScope> FindByResourceAsync(string resource, CancellationToken cancellationToken) =>
        store.FindByResourceAsync(resource, cancellationToken);

    public ValueTask RemoveAsync(OpenIddictEntityFrameworkCoreScope scope, CancellationToken cancellationToken) => default;
}
