using AuthServer.Core.Participants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Api;

/// <summary><c>GET /api/account</c>: who the token is, the integrator's first call (SPEC §6).</summary>
public static class AccountEndpoints
{
    // Compiled once, and one query (one connection open, one statement) for the account and its participants:
    // the integrator's first call is also the one a client makes most.
    private static readonly Func<AuthServerDbContext, Guid, CancellationToken, Task<AccountRow?>> AccountWithParticipants =
        EF.CompileAsyncQuery((AuthServerDbContext db, Guid id, CancellationToken _) =>
            db.Accounts.Where(a => a.Id == id)
                .Select(a => new AccountRow(a.Name, db.Participants.Where(p => p.AccountId == a.Id).OrderBy(p => p.Name)
                    .Select(p => new AccountParticipant(p.Id, p.Name, p.PeppolId, p.Status)).ToList()))
                .SingleOrDefault());

    private sealed record AccountRow(string Name, List<AccountParticipant> Participants);

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/account")
            .BearerApi()
            .RequireScope()
            .WithTags("Account")
            .MapGet("", GetAsync)
            .WithName("GetAccount")
            .WithSummary("Who this access token acts for: account, client, scopes, participants and expiry.");
        return endpoints;
    }

    public static async Task<Results<Ok<AccountResponse>, NotFound>> GetAsync(ApiCaller caller, AuthServerDbContext db, CancellationToken cancellationToken)
    {
        if (await AccountWithParticipants(db, caller.AccountId, cancellationToken) is not { } account)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new AccountResponse(
            caller.AccountId,
            account.Name,
            caller.ClientId,
            [.. caller.Scopes.Order(StringComparer.Ordinal)],
            [.. account.Participants.Where(p => caller.MaySee(p.Id) && (caller.SeesUnverifiedParticipants || p.Status == ParticipantStatus.Verified))],
            caller.ExpiresAt));
    }
}
