namespace AuthServer.Core.Affiliates;

public static class AffiliateServices
{
    /// <summary>Affiliate IDs (SPEC §4 method 4, <c>Lookup</c> section): their directory in memory, their usage and their settings.</summary>
    public static IServiceCollection AddAffiliates(this IServiceCollection services)
    {
        services.AddValidatedOptions<LookupOptions>(LookupOptions.Section);
        services.AddSingleton<AffiliateIdDirectory>();
        services.AddSingleton<AffiliateUsage>();
        services.AddScoped<AffiliateIdService>();
        return services;
    }
}
