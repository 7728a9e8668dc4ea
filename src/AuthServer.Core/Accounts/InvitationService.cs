using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Core.Accounts;

/// <summary>
/// Invitations into an account (SPEC §2 "Invitation", §7): an Admin invites an email with a role; the
/// invitee follows the mailed link within 7 days and joins, registering a login first if they have
/// none (they join the inviting account and get no company of their own). The link's token is 256
/// random bits and only its SHA-256 is stored. An invitation is bound to its email: only the login with
/// that email can accept it, and following the link proves the mailbox, so it confirms that email.
/// </summary>
public sealed class InvitationService(
    AuthServerDbContext db,
    UserManager<AppUser> users,
    AuditLog audit,
    TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Pending invitations an account may have at once: an Admin cannot turn the server into a mailer.</summary>
    public const int MaxPending = 50;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <param name="token">Configured demo data only; otherwise a fresh one is generated.</param>
    public async Task<InviteResult> InviteAsync(Guid accountId, string email, AccountRole role, AuditActor actor, string inviterUserId,
        CancellationToken cancellationToken, string? token = null)
    {
        if (token is not null && Parse(token) is null)
        {
            throw new ArgumentException("An invitation token is 43 characters of base64url.", nameof(token));
        }

        email = email.Trim();
        if (email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return new InviteResult(InviteOutcome.InvalidEmail);
        }

        var normalized = users.NormalizeEmail(email);
        if (await db.Memberships.AnyAsync(m => m.AccountId == accountId && m.User!.NormalizedEmail == normalized, cancellationToken))
        {
            return new InviteResult(InviteOutcome.AlreadyMember);
        }

        var now = Now;
        var pending = db.Invitations.Where(i => i.AccountId == accountId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now);
        if (await pending.AnyAsync(i => i.NormalizedEmail == normalized, cancellationToken))
        {
            return new InviteResult(InviteOutcome.AlreadyInvited);
        }

        if (await pending.CountAsync(cancellationToken) >= MaxPending)
        {
            return new InviteResult(InviteOutcome.TooManyPending);
        }

        token ??= WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var invitation = new Invitation
        {
            AccountId = accountId,
            Email = email,
            NormalizedEmail = normalized,
            Role = role,
            InvitedByUserId = inviterUserId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(invitation);
        audit.Record(accountId, actor.Actor, AuditActions.MemberInvited, "invitation:" + invitation.Id, ip: actor.Ip, detail: $"{email} as {role}");
        await db.SaveChangesAsync(cancellationToken);
        return new InviteResult(InviteOutcome.Created, invitation, token);
    }

    /// <summary>The account's invitations that are neither accepted nor revoked (expired ones too, marked so).</summary>
    public Task<List<InvitationView>> ListOpenAsync(Guid accountId, CancellationToken cancellationToken) =>
        Views(db.Invitations.Where(i => i.AccountId == accountId && i.AcceptedAt == null && i.RevokedAt == null))
            .ToListAsync(cancellationToken);

    /// <returns>False when the account has no such open invitation.</returns>
    public async Task<bool> RevokeAsync(Guid accountId, Guid id, AuditActor actor, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(
            i => i.Id == id && i.AccountId == accountId && i.AcceptedAt == null && i.RevokedAt == null, cancellationToken);
        if (invitation is null)
        {
            return false;
        }

        invitation.RevokedAt = Now;
        audit.Record(accountId, actor.Actor, AuditActions.InvitationRevoked, "invitation:" + id, ip: actor.Ip, detail: invitation.Email);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The invitation a link's token names, whatever its state; null for a token that names none.</summary>
    public async Task<InvitationView?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (Parse(token) is not { } hash)
        {
            return null;
        }

        return await Views(db.Invitations.Where(i => i.TokenHash == hash)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Pending invitations for the user's email, for their home page. Only for a confirmed email: without
    /// confirmation anyone could register someone else's address and collect their invitations.
    /// </summary>
    public async Task<List<InvitationView>> PendingForAsync(AppUser user, CancellationToken cancellationToken)
    {
        if (!user.EmailConfirmed || user.NormalizedEmail is not { } email)
        {
            return [];
        }

        var now = Now;
        var rows = await Views(db.Invitations.Where(i => i.NormalizedEmail == email && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now &&
                                                        !db.Memberships.Any(m => m.AccountId == i.AccountId && m.UserId == user.Id)))
            .ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>Accepts through the mailed link: proves the mailbox, so the user's email becomes confirmed.</summary>
    public async Task<AcceptOutcome> AcceptWithTokenAsync(string token, AppUser user, string? ip, CancellationToken cancellationToken)
    {
        var invitation = Parse(token) is { } hash ? await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken) : null;
        return await AcceptAsync(invitation, user, ip, mailboxProven: true, cancellationToken);
    }

    /// <summary>Accepts from the home page's notice: only for a user whose email is confirmed (see <see cref="PendingForAsync"/>).</summary>
    public async Task<AcceptOutcome> AcceptByIdAsync(Guid id, AppUser user, string? ip, CancellationToken cancellationToken)
    {
        if (!user.EmailConfirmed)
        {
            return AcceptOutcome.NotPending;
        }

        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return await AcceptAsync(invitation, user, ip, mailboxProven: false, cancellationToken);
    }

    /// <summary>
    /// Registers a login for the invited email and joins the account, in one transaction: the invitee gets
    /// no company of their own, and their email is confirmed (the link was mailed to it).
    /// </summary>
    public async Task<(IdentityResult Result, AppUser? User)> RegisterAsync(string token, string password, string? ip, CancellationToken cancellationToken)
    {
        var invitation = Parse(token) is { } hash ? await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken) : null;
        if (invitation is null || !invitation.IsPending(Now))
        {
            return (IdentityResult.Failed(new IdentityError { Code = "InvitationNotPending", Description = "This invitation can no longer be used." }), null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new AppUser { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return (result, null);
        }

        var outcome = await AcceptWithTokenAsync(token, user, ip, cancellationToken);
        if (outcome != AcceptOutcome.Joined)
        {
            return (IdentityResult.Failed(new IdentityError { Code = "InvitationNotPending", Description = "This invitation can no longer be used." }), null);
        }

        await transaction.CommitAsync(cancellationToken);
        return (result, user);
    }

    private async Task<AcceptOutcome> AcceptAsync(Invitation? invitation, AppUser user, string? ip, bool mailboxProven, CancellationToken cancellationToken)
    {
        var now = Now;
        if (invitation is null || !invitation.IsPending(now))
        {
            return AcceptOutcome.NotPending;
        }

        if (!string.Equals(invitation.NormalizedEmail, user.NormalizedEmail ?? users.NormalizeEmail(user.Email), StringComparison.Ordinal))
        {
            return AcceptOutcome.OtherEmail;
        }

        invitation.AcceptedAt = now;
        invitation.AcceptedByUserId = user.Id;
        if (mailboxProven && !user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            db.Users.Update(user);
        }

        var alreadyMember = await db.Memberships.AnyAsync(m => m.AccountId == invitation.AccountId && m.UserId == user.Id, cancellationToken);
        if (!alreadyMember)
        {
            db.Memberships.Add(new Membership { AccountId = invitation.AccountId, UserId = user.Id, Role = invitation.Role, CreatedAt = now });
            audit.Record(invitation.AccountId, AuditActor.UserPrefix + user.Id, AuditActions.MemberJoined, AuditActor.UserPrefix + user.Id, ip: ip,
                detail: $"{user.Email} as {invitation.Role}, invited by {await EmailOfAsync(invitation.InvitedByUserId, cancellationToken)}");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same invitation accepted twice at once: the membership's key let one through.
            db.ChangeTracker.Clear();
            return AcceptOutcome.AlreadyMember;
        }

        return alreadyMember ? AcceptOutcome.AlreadyMember : AcceptOutcome.Joined;
    }

    private async Task<string> EmailOfAsync(string userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken) ?? "a former member";

    private IQueryable<InvitationView> Views(IQueryable<Invitation> invitations)
    {
        var now = Now;
        return invitations
            .OrderBy(i => i.CreatedAt)
            .Select(i => new InvitationView(i.Id, i.AccountId, i.Account!.Name, i.Email, i.Role,
                db.Users.Where(u => u.Id == i.InvitedByUserId).Select(u => u.Email).FirstOrDefault() ?? "a former member",
                i.CreatedAt, i.ExpiresAt,
                i.RevokedAt != null ? InvitationStatus.Revoked
                : i.AcceptedAt != null ? InvitationStatus.Accepted
                : i.ExpiresAt <= now ? InvitationStatus.Expired
                : InvitationStatus.Pending));
    }

    private static byte[]? Parse(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? Hash(token) : null;

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
