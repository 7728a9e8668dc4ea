using AuthServer.Core.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.Core.Clients;

/// <summary>
/// Creates clients and their secrets. Clients are written through OpenIddict's manager so that its
/// cache and validation stay in charge of the protocol settings.
/// </summary>
public sealed class ClientRegistry(
    AuthServerDbContext db,
    IOpenIddictApplicationManager applications,
    ClientSecretHasher hasher,
    ClientSecretVerifier verifier,
    TokenLedger ledger,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>At most two live secrets per client: enough to rotate without downtime.</summary>
    public const int MaxSecrets = 2;

    /// <summary>A fresh public identifier for a Developer Application: unguessable, so it reveals nothing about others.</summary>
    public static string NewClientId() => "app_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

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
        RequirePkce(descriptor, registration.IsPublic || registration.RequirePkce);

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
    /// The account's API key (SPEC §2: one per account), created on first use with a generated client_id.
    /// </summary>
    public async Task<OAuthClient> GetOrCreateApiKeyAsync(Guid accountId, string accountName, CancellationToken cancellationToken)
    {
        var existing = await db.Clients.SingleOrDefaultAsync(c => c.AccountId == accountId && c.Kind == ClientKind.ApiKey, cancellationToken);
        return existing ?? await CreateAsync(new ClientRegistration(
            accountId, ClientKind.ApiKey, "ak_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
            accountName + " API key", [], Scopes.All), cancellationToken);
    }

    /// <summary>
    /// Adds a secret and returns it in plain text: the only time it exists outside the caller's hands.
    /// <paramref name="secret"/> is for configured demo data; otherwise one is generated.
    /// </summary>
    public async Task<string> AddSecretAsync(OAuthClient client, string actor, CancellationToken cancellationToken, string? secret = null, string action = AuditActions.SecretCreated)
    {
        var count = await db.ClientSecrets.CountAsync(s => s.ApplicationId == client.Id, cancellationToken);
        if (count >= MaxSecrets)
        {
            throw new InvalidOperationException($"A client holds at most {MaxSecrets} secrets: delete one first.");
        }

        secret ??= hasher.Generate();
        var (hash, keyId) = hasher.Hash(secret);
        audit.Record(client.AccountId, actor, action, "client:" + client.ClientId, detail: "secret " + ClientSecretHasher.HintOf(secret) + "…");
        db.ClientSecrets.Add(new ClientSecret
        {
            ApplicationId = client.Id!,
            Hash = hash,
            HashKeyId = keyId,
            Hint = ClientSecretHasher.HintOf(secret),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });

        await db.SaveChangesAsync(cancellationToken);
        verifier.Invalidate(client.ClientId!);
        return secret;
    }

    public async Task UpdateAsync(OAuthClient client, ClientUpdate update, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, client, cancellationToken);
        descriptor.DisplayName = update.DisplayName;
        descriptor.RedirectUris.Clear();
        descriptor.RedirectUris.UnionWith(update.RedirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        descriptor.Permissions.RemoveWhere(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal));
        descriptor.Permissions.UnionWith(update.AllowedScopes.Select(s => Permissions.Prefixes.Scope + s));
        RequirePkce(descriptor, descriptor.ClientType == ClientTypes.Public || update.RequirePkce);

        client.Description = update.Description;
        client.HomepageUrl = update.HomepageUrl;
        await applications.PopulateAsync(client, descriptor, cancellationToken);
        await applications.UpdateAsync(client, cancellationToken);
    }

    /// <summary>
    /// Deletes a secret: it stops authenticating at once here (and within a poll interval elsewhere), and
    /// every token family it started is revoked (SPEC §4).
    /// </summary>
    /// <returns>False when the client has no such secret.</returns>
    public async Task<bool> DeleteSecretAsync(OAuthClient client, Guid secretId, AuditEntry audit, CancellationToken cancellationToken)
    {
        var deleted = await db.ClientSecrets.Where(s => s.Id == secretId && s.ApplicationId == client.Id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return false;
        }

        verifier.Invalidate(client.ClientId!);
        await ledger.RevokeAsync(RevocationKind.Secret, secretId.ToString(), audit with { Target = "secret:" + secretId }, cancellationToken);
        return true;
    }

    /// <summary>
    /// Deletes a client with everything it holds: every token it was issued is revoked, its grants and
    /// secrets are deleted, so no customer's consent outlives the app (SPEC §4).
    /// </summary>
    public async Task DeleteAsync(OAuthClient client, AuditEntry audit, CancellationToken cancellationToken)
    {
        await ledger.RevokeAsync(RevocationKind.Client, client.ClientId!, audit with { Target = "client:" + client.ClientId }, cancellationToken);
        await db.Grants.Where(g => g.ApplicationId == client.Id).ExecuteDeleteAsync(cancellationToken);
        await db.ClientSecrets.Where(s => s.ApplicationId == client.Id).ExecuteDeleteAsync(cancellationToken);
        await applications.DeleteAsync(client, cancellationToken);
        verifier.Invalidate(client.ClientId!);
    }

    /// <summary>
    /// The API key's PKCE opt-out (SPEC §4): PKCE is required for every client by default (OAuth 2.1); an
    /// Admin may let the account's own confidential software use the code flow without it.
    /// </summary>
    public async Task SetPkceRequiredAsync(OAuthClient client, bool required, string actor, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, client, cancellationToken);
        RequirePkce(descriptor, required);
        await applications.UpdateAsync(client, descriptor, cancellationToken);
        audit.Record(client.AccountId, actor, required ? AuditActions.PkceRequired : AuditActions.PkceOptional, "client:" + client.ClientId);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Whether the authorization code flow needs PKCE (OpenIddict enforces the requirement per client).</summary>
    private static void RequirePkce(OpenIddictApplicationDescriptor descriptor, bool required)
    {
        if (required)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
        else
        {
            descriptor.Requirements.Remove(Requirements.Features.ProofKeyForCodeExchange);
        }
    }

    /// <summary>Replaces the redirect URIs (already checked with <see cref="RedirectUriRules"/>).</summary>
    public async Task SetRedirectUrisAsync(OAuthClient client, IEnumerable<string> redirectUris, string actor, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, client, cancellationToken);
        descriptor.RedirectUris.Clear();
        descriptor.RedirectUris.UnionWith(redirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        await applications.UpdateAsync(client, descriptor, cancellationToken);
        audit.Record(client.AccountId, actor, "client.redirect_uris_changed", "client:" + client.ClientId);
        await db.SaveChangesAsync(cancellationToken);
    }
}
