using AuthServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Core.Clients;

/// <summary>What a new client is: the caller has validated names and redirect URIs.</summary>
public sealed record ClientRegistration(
    Guid AccountId,
    ClientKind Kind,
    string ClientId,
    string DisplayName,
    IReadOnlyCollection<string> RedirectUris,
    IReadOnlyCollection<string> AllowedScopes,
    bool IsPublic = false,
    bool RequirePkce = false,
    string? Description = null,
    string? HomepageUrl = null);

/// <summary>
/// Creates clients and their secrets. Clients are written through OpenIddict's manager so that its
/// cache and validation stay in charge of the protocol settings.
/// </summary>
public sealed class ClientRegistry(
    AuthServerDbContext db,
    IOpenIddictApplicationManager applications,
    ClientSecretHasher hasher,
    TimeProvider time)
{
    /// <summary>At most two live secrets per client: enough to rotate without downtime.</summary>
    public const int MaxSecrets = 2;

    public async Task<OAuthClient> CreateAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = registration.ClientId,
            DisplayName = registration.DisplayName,
            ClientType = registration.IsPublic ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = ConsentTypes.Explicit,
        };

        descriptor.Permissions.UnionWith([
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.Endpoints.Introspection,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
        ]);

        // A Developer Application acts only for customers who approved it (SPEC §4).
        if (registration.Kind == ClientKind.ApiKey)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        descriptor.Permissions.UnionWith(registration.AllowedScopes.Select(s => Permissions.Prefixes.Scope + s));
        descriptor.RedirectUris.UnionWith(registration.RedirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        if (registration.IsPublic || registration.RequirePkce)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        var client = new OAuthClient
        {
            AccountId = registration.AccountId,
            Kind = registration.Kind,
            Description = registration.Description,
            HomepageUrl = registration.HomepageUrl,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        await applications.PopulateAsync(client, descriptor, cancellationToken);
        await applications.CreateAsync(client, cancellationToken);
        return client;
    }

    /// <summary>
    /// Adds a secret and returns it in plain text: the only time it exists outside the caller's hands.
    /// <paramref name="secret"/> is for configured demo data; otherwise one is generated.
    /// </summary>
    public async Task<string> AddSecretAsync(OAuthClient client, CancellationToken cancellationToken, string? secret = null)
    {
        var count = await db.ClientSecrets.CountAsync(s => s.ApplicationId == client.Id, cancellationToken);
        if (count >= MaxSecrets)
        {
            throw new InvalidOperationException($"A client holds at most {MaxSecrets} secrets: delete one first.");
        }

        secret ??= ClientSecretHasher.Generate();
        var (hash, keyId) = hasher.Hash(secret);
        db.ClientSecrets.Add(new ClientSecret
        {
            ApplicationId = client.Id!,
            Hash = hash,
            HashKeyId = keyId,
            Hint = ClientSecretHasher.HintOf(secret),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });

        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }
}
