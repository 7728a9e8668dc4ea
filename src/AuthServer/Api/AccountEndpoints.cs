using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Api;

/// <param name="Status">SPEC §2: only verified participants send, receive and are found by lookups.</param>
public sealed record AccountParticipant(Guid Id, string Name, string PeppolId, ParticipantStatus Status);

public sealed record AccountResponse(
    Guid AccountId,
    string AccountName,
    string ClientId,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<AccountParticipant> Participants,
    DateTimeOffset ExpiresAt);

public static class AccountEndpoints
{
    // Compiled once: the integrator's first call is also the one a client makes most.
    private static readonly Func<AuthServerDbContext, Guid, CancellationToken, Task<string?>> AccountName =
        EF.CompileAsyncQuery((AuthServerDbContext db, Guid id, CancellationToken _) =>
            db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.Name).SingleOrDefault());

    private static readonly Func<AuthServerDbContext, Guid, IAsyncEnumerable<AccountParticipant>> Participants =
        EF.CompileAsyncQuery((AuthServerDbContext db, Guid id) =>
            db.Participants.AsNoTracking().Where(p => p.AccountId == id).OrderBy(p => p.Name)
                .Select(p => new AccountParticipant(p.Id, p.Name, p.PeppolId, p.Status)));

    public static async Task<Results<Ok<AccountResponse>, NotFound>> GetAsync(HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.From(http.User);
        var accountName = await AccountName(db, caller.AccountId, cancellationToken);
        if (accountName is null)
        {
            return TypedResults.NotFound();
        }

        var participants = new List<AccountParticipant>();
        await foreach (var participant in Participants(db, caller.AccountId).WithCancellation(cancellationToken))
        {
            participants.Add(participant);
        }

        return TypedResults.Ok(new AccountResponse(
            caller.AccountId,
            accountName,
            caller.ClientId,
            [.. caller.Scopes.Order(StringComparer.Ordinal)],
            [.. participants.Where(p => caller.MaySee(p.Id) && (caller.SeesUnverifiedParticipants || p.Status == ParticipantStatus.Verified))],
            caller.ExpiresAt));
    }
}
