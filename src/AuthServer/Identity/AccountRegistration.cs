using AuthServer.Core.Accounts;
using AuthServer.Core.Audit;
using AuthServer.Core.Data;
using Microsoft.AspNetCore.Identity;

namespace AuthServer.Identity;

/// <summary>
/// Registering creates a company account with the new user as its Admin (SPEC §7), in one transaction:
/// no user without an account, no account without an Admin.
/// </summary>
public sealed class AccountRegistration(AuthServerDbContext db, UserManager<AppUser> users, AuditLog audit, TimeProvider time)
{
    public async Task<(IdentityResult Result, AppUser User, Account? Account)> RegisterAsync(
        string email, string password, string accountName, CancellationToken cancellationToken)
    {
        var user = new AppUser { UserName = email, Email = email };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return (result, user, null);
        }

        var account = await CreateAccountAsync(accountName, user, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (result, user, account);
    }

    /// <summary>Creates an account with <paramref name="admin"/> as its first Admin.</summary>
    public async Task<Account> CreateAccountAsync(string accountName, AppUser admin, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var account = new Account { Name = accountName.Trim(), CreatedAt = now };
        db.Accounts.Add(account);
        db.Memberships.Add(new Membership { AccountId = account.Id, UserId = admin.Id, Role = AccountRole.Admin, CreatedAt = now });
        audit.Record(account.Id, "user:" + admin.Id, "account.created", target: account.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }
}
