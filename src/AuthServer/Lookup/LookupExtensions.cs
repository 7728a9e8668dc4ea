using AuthServer.Core.Affiliates;

namespace AuthServer.Lookup;

public static class LookupExtensions
{
    public const string Path = "/api/lookup";

    /// <summary>Method 4 (SPEC §4): affiliate IDs, their cache, limits and usage, and their settings page's service.</summary>
    public static WebApplicationBuilder AddLookup(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LookupOptions>().BindConfiguration(LookupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AffiliateIdDirectory>();
        builder.Services.AddSingleton<AffiliateUsage>();
        builder.Services.AddSingleton<LookupRateLimits>();
        builder.Services.AddScoped<AffiliateIdService>();
        builder.Services.AddHostedService<UsageFlushService>();
        builder.Services.AddCors();
        return builder;
    }
}
