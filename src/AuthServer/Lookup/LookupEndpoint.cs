using AuthServer.Core.Accounts;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.Telemetry;
using Microsoft.EntityFrameworkCore;

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
