using AuthServer.Core;
using AuthServer.Core.Affiliates;
using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Participants;
using AuthServer.Identity;

namespace AuthServer.Demo;

/// <summary>
/// Seeds the demo accounts of SPEC §8 when the database has no account yet, so a second start (or a
/// second instance) never duplicates them. Runs through the same services as the product's pages.
/// </summary>
public sealed class DemoSeeder(
    AuthServerDbContext db,
    UserManager<AppUser> users,
    AccountRegistration registration,
    InvitationService invitations,
    ClientRegistry clients,
    IOptions<DemoOptions> options,
    TimeProvider time)
{
    /// <returns>True when it seeded; false when the database already had an account.</returns>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return false;
        }

        var demo = options.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var admin = await CreateUserAsync(demo.UserEmail, demo.UserPassword);
        var account = await registration.CreateAccountAsync(demo.AccountName, admin, cancellationToken);
        var member = await CreateUserAsync(demo.MemberEmail, demo.MemberPassword);
        db.Memberships.Add(new Membership { AccountId = account.Id, UserId = member.Id, Role = AccountRole.Member, CreatedAt = Now });
        AddParticipants(account, demo.Participants, admin);
        await CreateApiKeyAsync(account, demo.ApiKey, cancellationToken);
        db.AffiliateIds.Add(new AffiliateId { Id = demo.AffiliateId, AccountId = account.Id, Label = "Demo website", CreatedAt = Now });

        var other = demo.OtherAccount;
        var otherAdmin = await CreateUserAsync(other.UserEmail, other.UserPassword);
        var otherAccount = await registration.CreateAccountAsync(other.Name, otherAdmin, cancellationToken);
        AddParticipants(otherAccount, other.Participants, otherAdmin);
        await CreateApiKeyAsync(otherAccount, other.ApiKey, cancellationToken);

        var app = demo.DeveloperApp;
        var developerApp = await clients.CreateAsync(new ClientRegistration(
            otherAccount.Id, ClientKind.DeveloperApp, app.ClientId, app.Name, app.RedirectUris, app.Scopes,
            RequirePkce: true, Description: "A demo integration owned by " + other.Name,
            HomepageUrl: "https://integrator.example"), cancellationToken);
        await clients.AddSecretAsync(developerApp, "system", cancellationToken, app.ClientSecret);

        foreach (var extra in demo.Memberships)
        {
            var user = extra.User switch { DemoUser.Admin => admin, DemoUser.Member => member, _ => otherAdmin };
            var target = extra.Account == DemoAccount.Demo ? account : otherAccount;
            db.Memberships.Add(new Membership { AccountId = target.Id, UserId = user.Id, Role = extra.Role, CreatedAt = Now });
        }

        if (!string.IsNullOrWhiteSpace(demo.OperatorEmail))
        {
            // A login of no account: operators run the server, they are nobody's member.
            await CreateUserAsync(demo.OperatorEmail, demo.OperatorPassword);
        }

        if (!string.IsNullOrWhiteSpace(demo.Invitation.Email))
        {
            var invited = await invitations.InviteAsync(account.Id, demo.Invitation.Email, demo.Invitation.Role, AuditActor.User(admin.Id, null), admin.Id,
                cancellationToken, demo.Invitation.Token);
            if (invited.Outcome != InviteOutcome.Created)
            {
                throw new InvalidOperationException($"Demo:Invitation: {invited.Outcome}.");
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task<AppUser> CreateUserAsync(string email, string password)
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {email}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return user;
    }

    /// <summary>Verified (the demo must work out of the box), except those marked <c>Pending</c>, which wait for the demo operator.</summary>
    private void AddParticipants(Account account, IEnumerable<DemoParticipant> participants, AppUser addedBy)
    {
        foreach (var p in participants)
        {
            var participant = new Participant
            {
                AccountId = account.Id, Name = p.Name, Email = p.Email, Address = p.Address, CreatedAt = Now, AddedBy = AuditActor.UserPrefix + addedBy.Id,
            };
            participant.SetIdentifiers(p.EuVatId, p.Rn, p.CountryCode, p.PeppolId);
            participant.SetStatus(p.Pending ? ParticipantStatus.Pending : ParticipantStatus.Verified, null, AuditActor.System, Now);
            db.Participants.Add(participant);
        }
    }

    private async Task CreateApiKeyAsync(Account account, DemoApiKey apiKey, CancellationToken cancellationToken)
    {
        var client = await clients.CreateAsync(new ClientRegistration(
            account.Id, ClientKind.ApiKey, apiKey.ClientId, account.Name + " API key", apiKey.RedirectUris, Scopes.All), cancellationToken);
        await clients.AddSecretAsync(client, "system", cancellationToken, apiKey.ClientSecret);
    }
}
