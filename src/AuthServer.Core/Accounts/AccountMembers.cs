using System.Data;

namespace AuthServer.Core.Accounts;

/// <summary>
/// Who belongs to an account and with which role (SPEC §2 "Membership"): change a role, remove a member,
/// leave. An account always keeps at least one Admin, so the last one can be neither demoted, removed nor
/// leave; the check and the change run in one serializable transaction, so two Admins demoting each
/// other at once cannot both succeed. Pages check membership on every request, so a removed member is
/// refused from their next request on.
/// </summary>
public sealed class AccountMembers(AuthServerDbContext db, AuditLog audit)
{
    public Task<List<MemberView>> ListAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.AccountId == accountId)
            .OrderByDescending(m => m.Role).ThenBy(m => m.User!.Email)
            .Select(m => new MemberView(m.UserId, m.User!.Email ?? m.User.UserName ?? m.UserId, m.Role, m.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The account's Admins' emails: who to ask when a page is for Admins only.</summary>
    public Task<List<string>> AdminEmailsAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.AccountId == accountId && m.Role == AccountRole.Admin)
            .OrderBy(m => m.User!.Email)
            .Select(m => m.User!.Email ?? m.UserId)
            .ToListAsync(cancellationToken);

    public Task<MembershipChange> ChangeRoleAsync(Guid accountId, string userId, AccountRole role, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, userId, losesAdmin: role != AccountRole.Admin, (membership, email) =>
        {
            if (membership.Role == role)
            {
                return;
            }

            audit.Record(accountId, actor.Actor, AuditActions.MemberRoleChanged, AuditActor.UserPrefix + userId, ip: actor.Ip,
                detail: $"{email}: {membership.Role} → {role}");
            membership.Role = role;
        }, cancellationToken);

    /// <summary>Removes a member, or (when <paramref name="actor"/> is that member) records that they left.</summary>
    public Task<MembershipChange> RemoveAsync(Guid accountId, string userId, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, userId, losesAdmin: true, (membership, email) =>
        {
            var leaving = actor.Actor == AuditActor.UserPrefix + userId;
            audit.Record(accountId, actor.Actor, leaving ? AuditActions.MemberLeft : AuditActions.MemberRemoved, AuditActor.UserPrefix + userId,
                ip: actor.Ip, detail: $"{email} ({membership.Role})");
            db.Memberships.Remove(membership);
        }, cancellationToken);

    /// <summary>The accounts where <paramref name="userId"/> is the only Admin (they may not leave those).</summary>
    public Task<List<string>> SoleAdminOfAsync(string userId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.Role == AccountRole.Admin &&
                        db.Memberships.Count(o => o.AccountId == m.AccountId && o.Role == AccountRole.Admin) == 1)
            .Select(m => m.Account!.Name)
            .ToListAsync(cancellationToken);

    private async Task<MembershipChange> ChangeAsync(Guid accountId, string userId, bool losesAdmin, Action<Membership, string> change,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var membership = await db.Memberships.Include(m => m.User)
            .SingleOrDefaultAsync(m => m.AccountId == accountId && m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return MembershipChange.NotFound;
        }

        if (losesAdmin && membership.Role == AccountRole.Admin &&
            await db.Memberships.CountAsync(m => m.AccountId == accountId && m.Role == AccountRole.Admin, cancellationToken) <= 1)
        {
            return MembershipChange.LastAdmin;
        }

        change(membership, membership.User?.Email ?? userId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return MembershipChange.Done;
    }
}
