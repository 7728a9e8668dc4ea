using System.Text.Json.Serialization;
using AuthServer.Core.Data;
using AuthServer.Hosting;
using AuthServer.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Lookup;

/// <summary>
/// The public answer of a lookup. Only these fields exist on the type, so nothing private (email,
/// address, registration number, documents) can be serialized by mistake.
/// </summary>
public sealed record LookupResponse(
    bool Registered,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PeppolId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CountryCode = null)
{
    public static readonly LookupResponse NotRegistered = new(false);
}

/// <summary><c>GET /api/lookup</c>: is this company on this access point? Reads only; one index seek.</summary>
public static class LookupEndpoint
{
    public const string InvalidQueryCode = "InvalidLookupQuery";

    // Compiled once: no expression-tree work per request. Projections are never tracked.
    private static readonly Func<AuthServerDbContext, string, Task<LookupResponse?>> ByPeppolId =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key) => db.Participants
            .Where(p => p.PeppolIdKey == key)
            .Select(p => new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode))
            .FirstOrDefault());

    // euVatId and rn are not unique across accounts: the first registered answers, deterministically.
    private static readonly Func<AuthServerDbContext, string, Task<LookupResponse?>> ByEuVatId =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key) => db.Participants
            .Where(p => p.EuVatIdKey == key)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode))
            .FirstOrDefault());

    private static readonly Func<AuthServerDbContext, string, string, Task<LookupResponse?>> ByRnAndCountry =
        EF.CompileAsyncQuery((AuthServerDbContext db, string key, string country) => db.Participants
            .Where(p => p.RnKey == key && p.CountryCode == country)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new LookupResponse(true, p.Name, p.PeppolId, p.CountryCode))
            .FirstOrDefault());

    public static async Task<IResult> HandleAsync(HttpRequest request, AuthServerDbContext db, AuthServerMetrics metrics)
    {
        var (query, error) = LookupQuery.Parse(request.Query);
        if (query is null)
        {
            metrics.Lookup(InvalidQueryCode);
            return ApiProblems.Result(StatusCodes.Status400BadRequest, InvalidQueryCode, "Invalid lookup", error!);
        }

        var found = query.Kind switch
        {
            LookupKind.PeppolId => await ByPeppolId(db, query.Key),
            LookupKind.EuVatId => await ByEuVatId(db, query.Key),
            _ => await ByRnAndCountry(db, query.Key, query.CountryCode!),
        };
        metrics.Lookup(found is null ? LookupOutcomes.NotRegistered : LookupOutcomes.Registered);
        return TypedResults.Ok(found ?? LookupResponse.NotRegistered);
    }
}
