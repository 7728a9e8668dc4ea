using AuthServer.Api;
using AuthServer.Core.Accounts;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.Hosting;
using AuthServer.Telemetry;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace AuthServer.Lookup;

/// <summary>
/// <c>GET /api/lookup</c>: is this company on this access point? Reads only; one index seek. Only verified
/// participants of accounts that are not suspended are on it (SPEC §2): a claimed but unverified Peppol ID,
/// or a suspended company's, answers <c>registered:false</c>.
/// </summary>
public static class LookupEndpoint
{
    public const string InvalidQueryCode = "InvalidLookupQuery";

    /// <summary>A match and its account, which is checked against the suspended accounts in memory.</summary>
    private sealed record Match(Guid AccountId, LookupResponse Response);

    // Compiled once: no expression-tree work per request. Projections are never tracked. Verified holders of a
    // peppolId are unique (a filtered index), so this is one seek.
    private static readonly Func<AuthServerDbContext, string, Task<Match?>> ByPeppolId =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key) => db.Participants
            .Where(p => p.PeppolIdKey == key && p.Status == ParticipantStatus.Verified)
            .Select(p => new Match(p.AccountId, new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode)))
            .FirstOrDefault());

    // euVatId and rn are not unique across accounts: the first registered answers, deterministically.
    private static readonly Func<AuthServerDbContext, string, Task<Match?>> ByEuVatId =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key) => db.Participants
            .Where(p => p.EuVatIdKey == key && p.Status == ParticipantStatus.Verified)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new Match(p.AccountId, new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode)))
            .FirstOrDefault());

    private static readonly Func<AuthServerDbContext, string, string, Task<Match?>> ByRnAndCountry =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key, string country) => db.Participants
            .Where(p => p.RnKey == key && p.CountryCode == country && p.Status == ParticipantStatus.Verified)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new Match(p.AccountId, new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode)))
            .FirstOrDefault());

    // Only when the first match belongs to a suspended account (rare): the first one of an account that is not.
    private static readonly Func<AuthServerDbContext, string, Task<Match?>> ByEuVatIdNotSuspended =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key) => db.Participants
            .Where(p => p.EuVatIdKey == key && p.Status == ParticipantStatus.Verified && p.Account!.SuspendedAt == null)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new Match(p.AccountId, new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode)))
            .FirstOrDefault());

    private static readonly Func<AuthServerDbContext, string, string, Task<Match?>> ByRnAndCountryNotSuspended =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key, string country) => db.Participants
            .Where(p => p.RnKey == key && p.CountryCode == country && p.Status == ParticipantStatus.Verified && p.Account!.SuspendedAt == null)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new Match(p.AccountId, new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode)))
            .FirstOrDefault());

    /// <summary>
    /// <c>GET /api/lookup</c> behind the affiliate-ID gate. The gate is added to the pipeline here but acts
    /// only on this group's endpoints, which carry its marker.
    /// </summary>
    public static WebApplication MapLookupEndpoints(this WebApplication app)
    {
        app.UseMiddleware<AffiliateIdGate>();

        var group = app.MapGroup(LookupExtensions.Path).WithMetadata(AffiliateIdRequired.Instance, NoAuthenticationMiddleware.Instance);
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

    public static async Task<LookupResult> HandleAsync(HttpRequest request, AuthServerDbContext db, SuspendedAccounts suspended, AuthServerMetrics metrics)
    {
        var (query, error) = LookupQuery.Parse(request.Query);
        if (query is null)
        {
            metrics.Lookup(InvalidQueryCode);
            return LookupResult.Invalid(error!);
        }

        var found = query.Kind switch
        {
            LookupKind.PeppolId => await ByPeppolId(db, query.Key),
            LookupKind.EuVatId => await ByEuVatId(db, query.Key),
            _ => await ByRnAndCountry(db, query.Key, query.CountryCode!),
        };
        if (found is not null && suspended.IsSuspended(found.AccountId))
        {
            found = query.Kind switch
            {
                LookupKind.PeppolId => null, // its one verified holder is suspended
                LookupKind.EuVatId => await ByEuVatIdNotSuspended(db, query.Key),
                _ => await ByRnAndCountryNotSuspended(db, query.Key, query.CountryCode!),
            };
        }

        // Unverified and suspended holders were left out above, so they count as NotRegistered too.
        metrics.Lookup(found is null ? LookupOutcomes.NotRegistered : LookupOutcomes.Registered);
        return found is null ? LookupResult.NotRegistered : new LookupResult(found.Response);
    }
}
