namespace AuthServer.Core.Clients;

public static class ClientServices
{
    /// <summary>
    /// OAuth clients, their secrets and grants (SPEC §2, §4): the registry behind the API key and developer
    /// pages, the grants and consent offers of methods 2 and 3, and what the token endpoint uses to find and
    /// authenticate a client. OpenIddict's per-request entity caches are replaced by pass-through ones (see
    /// <see cref="PassThroughApplicationCache"/>); an exact registration wins over OpenIddict's open generic one.
    /// </summary>
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        services.AddScoped<ClientRegistry>();
        services.AddScoped<GrantRegistry>();
        services.AddScoped<ConsentOffers>();
        services.AddScoped<ConsentService>();
        services.AddScoped<AccountGrants>();
        services.AddSingleton<ClientSecretHasher>();
        services.AddSingleton<ClientSecretVerifier>();
        services.AddSingleton<ClientSnapshotCache>();
        services.AddScoped<IOpenIddictApplicationCache<OAuthClient>, PassThroughApplicationCache>();
        services.AddScoped<IOpenIddictScopeCache<OpenIddictEntityFrameworkCoreScope>, PassThroughScopeCache>();
        return services;
    }
}
