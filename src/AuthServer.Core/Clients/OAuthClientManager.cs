using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OpenIddict.Core;

namespace AuthServer.Core.Clients;

/// <summary>
/// OpenIddict's application manager with these changes: client lookups by client_id go through the
/// <see cref="ClientSnapshotCache"/> (the DbContext is only rented on a miss); permissions are parsed once
/// per client snapshot (the store would build a cache key from the whole permissions column on each of the
/// half-dozen checks a token request makes); and our confidential clients keep their secrets in
/// <see cref="ClientSecret"/> rows (several per client, keyed hashes), not in OpenIddict's single
/// ClientSecret column, so a confidential application without that column is valid here.
/// </summary>
public sealed class OAuthClientManager(
    IOpenIddictApplicationCache<OAuthClient> cache,
    ILogger<OpenIddictApplicationManager<OAuthClient>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OAuthClient> store,
    ClientSnapshotCache snapshots,
    IServiceProvider services)
    : OpenIddictApplicationManager<OAuthClient>(cache, logger, options, store)
{
    private static readonly string MissingSecret = OpenIddictResources.GetResourceString(OpenIddictResources.ID2113);

    /// <summary>Parsed permissions beside the client object they were read from, valid while its column is the same string.</summary>
    private static readonly ConditionalWeakTable<OAuthClient, ParsedPermissions> Parsed = [];

    private sealed record ParsedPermissions(string? Source, ImmutableArray<string> List, FrozenSet<string> Set);

    public override async ValueTask<OAuthClient?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (snapshots.TryGet(identifier, out var client))
        {
            return client;
        }

        // Detached, so the shared copy belongs to no request's DbContext. Code that edits a client loads
        // it through the DbContext (ClientRegistry), never through this lookup.
        client = await services.GetRequiredService<AuthServerDbContext>().Clients.AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == identifier, cancellationToken);
        snapshots.Set(identifier, client);
        return client;
    }

    public override async ValueTask<ImmutableArray<string>> GetPermissionsAsync(OAuthClient application, CancellationToken cancellationToken = default) =>
        (await PermissionsOfAsync(application, cancellationToken)).List;

    public override async ValueTask<bool> HasPermissionAsync(OAuthClient application, string permission, CancellationToken cancellationToken = default) =>
        (await PermissionsOfAsync(application, cancellationToken)).Set.Contains(permission);

    private async ValueTask<ParsedPermissions> PermissionsOfAsync(OAuthClient application, CancellationToken cancellationToken)
    {
        if (Parsed.TryGetValue(application, out var parsed) && ReferenceEquals(parsed.Source, application.Permissions))
        {
            return parsed;
        }

        var source = application.Permissions;
        var list = await base.GetPermissionsAsync(application, cancellationToken);
        parsed = new ParsedPermissions(source, list, list.ToFrozenSet(StringComparer.Ordinal));
        Parsed.AddOrUpdate(application, parsed);
        return parsed;
    }

    public override async ValueTask UpdateAsync(OAuthClient application, CancellationToken cancellationToken = default)
    {
        await base.UpdateAsync(application, cancellationToken);
        snapshots.Invalidate(application.ClientId!);
    }

    public override async ValueTask DeleteAsync(OAuthClient application, CancellationToken cancellationToken = default)
    {
        await base.DeleteAsync(application, cancellationToken);
        snapshots.Invalidate(application.ClientId!);
    }

    public override async IAsyncEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> ValidateAsync(
        OAuthClient application, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var result in base.ValidateAsync(application, cancellationToken))
        {
            if (result.ErrorMessage != MissingSecret)
            {
                yield return result;
            }
        }
    }
}
