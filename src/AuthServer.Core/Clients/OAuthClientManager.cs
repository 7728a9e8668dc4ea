using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using AuthServer.Core.Data;
using AuthServer.Core.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace AuthServer.Core.Clients;

/// <summary>
/// Clients as the token endpoint sees them, kept for every request instead of OpenIddict's per-request
/// cache: without it each token request costs a SELECT of the client row. Entries are detached copies,
/// dropped when this instance changes the client, when any instance revokes a client, and after a few
/// seconds in any case so another instance's edits (redirect URIs, scopes) arrive.
/// </summary>
public sealed class ClientSnapshotCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (OAuthClient? Client, long LoadedAt)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _lastPruned;

    public ClientSnapshotCache(RevocationCache revocations, TimeProvider time)
    {
        _time = time;
        revocations.Added += rule =>
        {
            if (rule.Kind == RevocationKind.Client)
            {
                _entries.Clear();
            }
        };
    }

    public bool TryGet(string clientId, out OAuthClient? client)
    {
        if (_entries.TryGetValue(clientId, out var entry) && _time.GetElapsedTime(entry.LoadedAt) < Lifetime)
        {
            client = entry.Client;
            return true;
        }

        client = null;
        return false;
    }

    /// <summary>
    /// Unknown client_ids are cached too (a flood of one wrong id costs one query), but anyone can send
    /// endless new ones: past this many entries, expired ones are dropped, and unknown ids are no longer kept.
    /// </summary>
    public const int MaxEntries = 10_000;

    public void Set(string clientId, OAuthClient? client)
    {
        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(clientId))
        {
            PruneExpired();
            if (client is null && _entries.Count >= MaxEntries)
            {
                return;
            }
        }

        _entries[clientId] = (client, _time.GetTimestamp());
    }

    /// <summary>At most once per <see cref="Lifetime"/>: a flood must not make every miss walk the whole cache.</summary>
    private void PruneExpired()
    {
        var last = Interlocked.Read(ref _lastPruned);
        if (_time.GetElapsedTime(last) < Lifetime || Interlocked.CompareExchange(ref _lastPruned, _time.GetTimestamp(), last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (_time.GetElapsedTime(entry.LoadedAt) >= Lifetime)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    public int Count => _entries.Count;

    public void Invalidate(string clientId) => _entries.TryRemove(clientId, out _);
}

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
