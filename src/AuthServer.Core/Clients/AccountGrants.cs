namespace AuthServer.Core.Clients;

/// <summary>
/// The grants one account has given (SPEC §4 method 3), read for its connected-apps page; beside
/// <see cref="GrantRegistry"/>, which writes and revokes them. Every read is scoped to the account, so
/// another account's grant is never found, whatever id is asked for.
/// </summary>
public sealed class AccountGrants(AuthServerDbContext db)
{
    /// <summary>The account's grant <paramref name="grantId"/> with its client, tracked for revocation; null when it has none such.</summary>
    public Task<Grant?> FindAsync(Guid accountId, Guid grantId, CancellationToken cancellationToken) =>
        db.Grants.Include(g => g.Client).SingleOrDefaultAsync(g => g.Id == grantId && g.AccountId == accountId, cancellationToken);

    /// <summary>Every Developer Application the account has authorized, by name.</summary>
    public async Task<IReadOnlyList<ConnectedApp>> ListAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var rows = await db.Grants.AsNoTracking()
            .Where(g => g.AccountId == accountId)
            .Select(g => new
            {
                g.Id,
                Name = g.Client!.DisplayName,
                Owner = g.Client.Account!.Name,
                g.Client.HomepageUrl,
                g.Scopes,
                Participants = g.Participants.Select(p => p.Participant!.Name).ToList(),
                ConsentedBy = db.Users.Where(u => u.Id == g.ConsentedByUserId).Select(u => u.Email).FirstOrDefault(),
                g.CreatedAt,
                g.UpdatedAt,
                g.LastUsedAt,
            })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new ConnectedApp(r.Id, r.Name ?? "", r.Owner, r.HomepageUrl,
                r.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), [.. r.Participants.Order(StringComparer.CurrentCulture)],
                r.ConsentedBy ?? "a former member", r.CreatedAt, r.UpdatedAt, r.LastUsedAt))
            .OrderBy(a => a.AppName, StringComparer.CurrentCultureIgnoreCase)];
    }
}
