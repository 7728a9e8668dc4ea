using AuthServer.Api;
using AuthServer.Telemetry;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace AuthServer.Lookup;

/// <summary>
/// <c>GET /api/lookup</c>: is this company on this access point? Reads only; one index seek (<see cref="LookupReader"/>). Only verified
/// participants of accounts that are not suspended are on it (SPEC §2): a claimed but unverified Peppol ID,
/// or a suspended company's, answers <c>registered:false</c>.
/// </summary>
public static class LookupEndpoint
{
    public const string InvalidQueryCode = "InvalidLookupQuery";

    /// <summary>
    /// <c>GET /api/lookup</c> behind the affiliate-ID gate, a filter on this group alone. Short-circuited: once
    /// routing has matched it, it runs at once, without the middleware that follows routing (authentication,
    /// authorization), which it has no use for: it reads no credential but the affiliate ID, which the gate
    /// checks. What comes before routing (public origin, error handling, security headers, status-code bodies)
    /// still applies. The busiest public path: that middleware was a sixth of its time.
    /// </summary>
    public static WebApplication MapLookupEndpoints(this WebApplication app)
    {
        var group = app.MapGroup(LookupExtensions.Path)
            .WithMetadata(AffiliateIdRequired.Instance)
            .AddEndpointFilter(app.Services.GetRequiredService<AffiliateIdGate>());
        group.ShortCircuit();
        // Accepting preflight routes a browser's OPTIONS to this endpoint, where the gate answers it.
        group.MapGet("", HandleAsync)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get], acceptCorsPreflight: true))
            .WithName("Lookup")
            .WithTags("Lookup")
            .WithSummary("Is a company on this access point? Public fields only; authorized by an affiliate ID, not a token.")
            // The gate's answers (its handler's are in its signature).
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests)
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

    public static async Task<LookupResult> HandleAsync(HttpRequest request, LookupReader reader, SuspendedAccounts suspended, AuthServerMetrics metrics)
    {
        var (query, error) = LookupQuery.Parse(request.Query);
        if (query is null)
        {
            metrics.Lookup(InvalidQueryCode);
            return LookupResult.Invalid(error!);
        }

        var found = await reader.FindAsync(query, request.HttpContext.RequestAborted);
        if (found is not null && suspended.IsSuspended(found.AccountId))
        {
            found = await reader.FindNotSuspendedAsync(query, request.HttpContext.RequestAborted);
        }

        // Unverified and suspended holders were left out above, so they count as NotRegistered too.
        metrics.Lookup(found is null ? LookupOutcomes.NotRegistered : LookupOutcomes.Registered);
        return found is null ? LookupResult.NotRegistered : new LookupResult(found.Response);
    }
}
