using AuthServer.Core.Tokens;

namespace AuthServer.Core.Clients;

/// <summary>
/// Customers' consents to Developer Applications (SPEC §2 "Grant"): one per app and account, written
/// by the consent screen, revoked from connected apps or by deleting the app.
/// </summary>
public sealed class GrantRegistry(AuthServerDbContext db, AuditLog audit, TokenLedger ledger, TimeProvider time)
{
    /// <summary>
    /// Creates the grant, or replaces its scopes and participants when the account authorizes the app
    /// again. Families started under the old consent keep running and pick up the new one at their next
    /// refresh, where tokens are rebuilt from the grant.
    /// </summary>
    public async Task<Grant> UpsertAsync(OAuthClient client, Guid accountId, string userId, IReadOnlyCollection<string> scopes,
        IReadOnlyCollection<Guid> participantIds, AuditEntry entry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var grant = await db.Grants.Include(g => g.Participants)
                .SingleOrDefaultAsync(g => g.ApplicationId == client.Id && g.AccountId == accountId, cancellationToken);
            if (grant is null)
            {
                grant = new Grant { ApplicationId = client.Id!, AccountId = accountId, ConsentedByUserId = userId, Scopes = "", CreatedAt = now };
                db.Grants.Add(grant);
            }

            grant.ConsentedByUserId = userId;
            grant.Scopes = string.Join(' ', scopes);
            grant.UpdatedAt = now;
            grant.Participants.RemoveAll(p => !participantIds.Contains(p.ParticipantId));
            var added = participantIds.Where(id => grant.Participants.All(p => p.ParticipantId != id)).ToList();
            grant.Participants.AddRange(added.Select(id => new GrantParticipant { GrantId = grant.Id, ParticipantId = id }));
            audit.Record(entry with { Target = "grant:" + grant.Id });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return grant;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same account approved the app twice at once: the unique index kept one row; update it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Revokes every token family started under the grant (they fail at their next API call or refresh)
    /// and deletes it, so the app must ask the customer again.
    /// </summary>
    public async Task RevokeAsync(Grant grant, AuditEntry entry, CancellationToken cancellationToken)
    {
        await ledger.RevokeAsync(RevocationKind.Grant, grant.Id.ToString(), entry with { Target = "grant:" + grant.Id }, cancellationToken);
        await db.Grants.Where(g => g.Id == grant.Id).ExecuteDeleteAsync(cancellationToken);
    }
}
