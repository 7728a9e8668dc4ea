using AuthServer.Api;
using AuthServer.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace AuthServer.Lookup;

public static class LookupExtensions
{
    public const string Path = "/api/lookup";

    /// <summary>Method 4 (SPEC §4): affiliate IDs, their cache, limits and usage, and their settings page's service.</summary>
    public static WebApplicationBuilder AddLookup(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LookupRateLimits>();
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

        var group = app.MapGroup(Path).WithMetadata(AffiliateIdRequired.Instance, NoAuthenticationMiddleware.Instance);
        // Accepting preflight routes a browser's OPTIONS to this endpoint, where the gate answers it.
        group.MapGet("", LookupEndpoint.HandleAsync)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get], acceptCorsPreflight: true))
            .WithName("Lookup")
            .WithTags("Lookup")
            .WithSummary("Is a company on this access point? Public fields only; authorized by an affiliate ID, not a token.")
            .Produces<LookupResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The handler reads the query itself (LookupQuery), so the parameters are described here.
                operation.Parameters = [
                    Query("affiliateId", "Your affiliate ID (a UUID).", required: true),
                    Query(LookupQuery.PeppolId, "scheme:value, e.g. 0208:0123456789. Give exactly one of peppolId, euVatId, or rn with countryCode."),
                    Query(LookupQuery.EuVatId, "EU VAT number, e.g. BE0123456789."),
                    Query(LookupQuery.Rn, "Registration number; needs countryCode."),
                    Query(LookupQuery.CountryCodeParameter, "ISO 3166-1 alpha-2, with rn."),
                ];
                return Task.CompletedTask;
            });
        return app;
    }

    private static OpenApiParameter Query(string name, string description, bool required = false) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
