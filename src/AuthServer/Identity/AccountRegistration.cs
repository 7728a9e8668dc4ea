using AuthServer.Core.Audit;

namespace AuthServer.Identity;

/// <summary>
/// Registering creates a company account with the new user as its Admin (SPEC §7), in one transaction:
/// no user without an account, no account without an Admin.
/// </summary>
public sealed partial class AccountRegistration(
    AuthServerDbContext db,
    UserManager<AppUser> users,
    AccountMail mail,
    AuditLog audit,
    TimeProvider time,
    ILogger<AccountRegistration> logger)
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

    /// <summary>
    /// Self-registration, after the form was answered (no user enumeration, SPEC §7): a new address gets
    /// its account and a confirmation link; an address that has an account gets a mail saying so (or its
    /// confirmation link again, if never confirmed). The form says "check your email" either way.
    /// </summary>
    public async Task RegisterOrNotifyAsync(string email, string password, string accountName, MailOrigin origin, string? returnUrl)
    {
        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            var (result, user, _) = await RegisterAsync(email, password, accountName, CancellationToken.None);
            if (result.Succeeded)
            {
                await mail.SendConfirmationAsync(user, origin, returnUrl);
                return;
            }

            // Registered at the same moment by another request: answer as for an existing account.
            existing = await users.FindByEmailAsync(email);
            if (existing is null)
            {
                LogRegistrationFailed(logger, string.Join(", ", result.Errors.Select(e => e.Code)));
                return;
            }
        }

        await (existing.EmailConfirmed ? mail.SendAlreadyRegisteredAsync(existing, origin) : mail.SendConfirmationAsync(existing, origin, returnUrl));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A registration that passed the form's checks was refused by Identity: {Codes}")]
    private static partial void LogRegistrationFailed(ILogger logger, string codes);
}
