using AuthServer.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Api;

public sealed record AccountParticipant(Guid Id, string Name, string PeppolId);

public sealed record AccountResponse(
    Guid AccountId,
    string AccountName,
    string ClientId,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<AccountParticipant> Participants,
    DateTimeOffset ExpiresAt);

public static class AccountEndpoints
{
    public static async Task<Results<Ok<AccountResponse>, NotFound>> GetAsync(HttpContext http, AuthServerDbContext db, CancellationToken cancellationToken)
    {
        var caller = ApiCaller.From(http.User);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == caller.AccountId)
            .Select(a => new { a.Name }).SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return TypedResults.NotFound();
        }

        var participants = await db.Participants.AsNoTracking()
            .Where(p => p.AccountId == caller.AccountId)
            .OrderBy(p => p.Name)
            .Select(p => new AccountParticipant(p.Id, p.Name, p.PeppolId))
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(new AccountResponse(
            caller.AccountId,
            account.Name,
            caller.ClientId,
            [.. caller.Scopes.Order(StringComparer.Ordinal)],
            [.. participants.Where(p => caller.MaySee(p.Id))],
            caller.ExpiresAt));
    }
}
