namespace AuthServer.Lookup;

public static class LookupExtensions
{
    public const string Path = "/api/lookup";

    /// <summary>Method 4 (SPEC §4): affiliate IDs, their cache, limits and usage, and their settings page's service.</summary>
    public static WebApplicationBuilder AddLookup(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LookupRateLimits>();
        builder.Services.AddSingleton<LookupReader>();
        builder.Services.AddSingleton<AffiliateIdGate>();
        builder.Services.AddHostedService<UsageFlushService>();
        builder.Services.AddCors();
        return builder;
    }
}
