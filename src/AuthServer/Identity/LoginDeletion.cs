using AuthServer.Core.Audit;

namespace AuthServer.Identity;

/// <summary>
/// Deletes a login (the "delete personal data" page): its memberships go with it, so each account it leaves
/// gets a <c>member.left</c> audit event (SPEC §2), saved in the same unit of work as the deletion. Whether
/// it may go (not the only Admin of an account) is the page's check first, through <see cref="AccountMembers.SoleAdminOfAsync"/>.
/// </summary>
public sealed class LoginDeletion(UserManager<AppUser> users, AuthServerDbContext db, AuditLog audit)
{
    public async Task DeleteAsync(AppUser user, string? ip, CancellationToken cancellationToken)
    {
        foreach (var accountId in await db.Memberships.Where(m => m.UserId == user.Id).Select(m => m.AccountId).ToListAsync(cancellationToken))
        {
            audit.Record(accountId, AuditActor.UserPrefix + user.Id, AuditActions.MemberLeft, AuditActor.UserPrefix + user.Id,
                ip: ip, detail: $"{user.Email} deleted their login");
        }

        // Saves the audit events with the deletion (one unit of work); memberships go with the user.
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Deleting the user failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
