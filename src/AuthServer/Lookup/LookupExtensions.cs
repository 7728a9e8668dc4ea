using AuthServer.Core.Affiliates;
using Microsoft.AspNetCore.Routing;

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

    /// <summary>
    /// <c>GET /api/lookup</c> behind the affiliate-ID gate. The gate is added to the pipeline here but acts
    /// only on this group's endpoints, which carry its marker.
    /// </summary>
    public static WebApplication MapLookupEndpoints(this WebApplication app)
    {
        app.UseMiddleware<AffiliateIdGate>();

        var group = app.MapGroup(Path).WithMetadata(AffiliateIdRequired.Instance);
        // Accepting preflight routes a browser's OPTIONS to this endpoint, where the gate answers it.
        group.MapGet("", LookupEndpoint.HandleAsync)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get], acceptCorsPreflight: true))
            .WithName("Lookup");
        return app;
    }
}
