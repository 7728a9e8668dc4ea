using AuthServer.Core.Accounts;
using AuthServer.Core.Affiliates;
using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Documents;
using AuthServer.Core.Forms;
using AuthServer.Core.Keys;
using AuthServer.Core.Operators;
using AuthServer.Core.Participants;
using AuthServer.Core.Tokens;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Core.Data;

/// <summary>
/// One context for Identity, OpenIddict, Data Protection keys and the domain (SPEC §2). Column lengths are
/// <c>[MaxLength]</c> on the entities' properties; keys, relationships and indexes are configured here.
/// </summary>
public sealed class AuthServerDbContext(DbContextOptions<AuthServerDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<OAuthClient> Clients => Set<OAuthClient>();
    public DbSet<ClientSecret> ClientSecrets => Set<ClientSecret>();
    public DbSet<Grant> Grants => Set<Grant>();
    public DbSet<TokenRedemption> TokenRedemptions => Set<TokenRedemption>();
    public DbSet<Revocation> Revocations => Set<Revocation>();
    public DbSet<AffiliateId> AffiliateIds => Set<AffiliateId>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<OperatorLogEntry> OperatorLog => Set<OperatorLogEntry>();
    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();
    public DbSet<UsedFormToken> UsedFormTokens => Set<UsedFormToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC. SQLite hands DateTime back as Unspecified; mark it so that
        // comparisons and JSON output never shift by the machine's time zone.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();

        builder.Entity<Account>(e =>
        {
            // Every instance reads the suspended accounts each second: a seek that finds nothing while none is.
            e.HasIndex(a => a.SuspendedAt);
        });

        builder.Entity<Membership>(e =>
        {
            e.HasKey(m => new { m.AccountId, m.UserId });
            e.HasIndex(m => m.UserId);
            e.HasOne(m => m.Account).WithMany(a => a.Members).HasForeignKey(m => m.AccountId);
            e.HasOne(m => m.User).WithMany(u => u.Memberships).HasForeignKey(m => m.UserId);
        });

        builder.Entity<Invitation>(e =>
        {
            e.HasOne(i => i.Account).WithMany().HasForeignKey(i => i.AccountId);
            // The link's page finds the invitation by its token's hash; the home page by the invitee's email.
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.NormalizedEmail);
            e.HasIndex(i => i.AccountId);
        });

        builder.Entity<Participant>(e =>
        {
            e.HasOne(p => p.Account).WithMany().HasForeignKey(p => p.AccountId);
            // SPEC §2: a peppolId held by a verified participant is unique on the server. Pending claims of
            // several accounts may coexist until an operator decides, so the index covers verified rows only
            // (a filtered index on SQL Server, a partial one on SQLite and PostgreSQL: the same SQL for all
            // three). Lookups and deliveries seek verified participants, so they use it too.
            e.HasIndex(p => p.PeppolIdKey, "IX_Participants_PeppolIdKey_Verified").IsUnique()
                .HasFilter("\"Status\" = " + (int)ParticipantStatus.Verified);
            // An account claims a peppolId once; the operator finds every claim on one by its key.
            e.HasIndex(p => new { p.PeppolIdKey, p.AccountId }).IsUnique();
            e.HasIndex(p => p.EuVatIdKey);
            e.HasIndex(p => new { p.RnKey, p.CountryCode });
            e.HasIndex(p => p.AccountId);
        });

        builder.Entity<OAuthClient>(e =>
        {
            e.HasOne(c => c.Account).WithMany().HasForeignKey(c => c.AccountId);
            e.HasIndex(c => new { c.AccountId, c.Kind });
        });

        builder.Entity<ClientSecret>(e =>
        {
            e.HasOne(s => s.Client).WithMany(c => c.Secrets).HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Grant>(e =>
        {
            e.HasOne(g => g.Client).WithMany().HasForeignKey(g => g.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(g => g.Account).WithMany().HasForeignKey(g => g.AccountId);
            e.HasIndex(g => new { g.ApplicationId, g.AccountId }).IsUnique();
            e.HasIndex(g => g.AccountId);
        });

        builder.Entity<GrantParticipant>(e =>
        {
            e.HasKey(p => new { p.GrantId, p.ParticipantId });
            e.HasOne<Grant>().WithMany(g => g.Participants).HasForeignKey(p => p.GrantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(p => p.Participant).WithMany().HasForeignKey(p => p.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<TokenRedemption>(e =>
        {
            e.HasKey(r => r.TokenId);
            e.HasIndex(r => r.ExpiresAt);
        });

        builder.Entity<Revocation>(e =>
        {
            e.HasIndex(r => r.ExpiresAt);
            // A subject is revoked once: concurrent reuse of one refresh token writes one rule and one audit event.
            e.HasIndex(r => new { r.Kind, r.Subject }).IsUnique();
        });

        builder.Entity<AffiliateId>(e =>
        {
            e.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId);
            e.HasIndex(a => a.AccountId);
        });

        builder.Entity<Document>(e =>
        {
            e.HasOne(d => d.Account).WithMany().HasForeignKey(d => d.AccountId);
            e.HasOne(d => d.Participant).WithMany().HasForeignKey(d => d.ParticipantId);
            e.HasIndex(d => new { d.AccountId, d.Direction, d.CreatedAt });
            e.HasIndex(d => new { d.CreatedByClientId, d.IdempotencyKey }).IsUnique();
        });

        builder.Entity<AuditEvent>(e =>
        {
            e.HasIndex(a => new { a.AccountId, a.At });
            e.HasIndex(a => a.At); // the retention purge
        });

        builder.Entity<OperatorLogEntry>(e =>
        {
            e.ToTable("OperatorLog");
            e.HasIndex(o => o.At); // the retention purge
        });

        builder.Entity<UsedFormToken>(e =>
        {
            e.HasKey(t => t.Token);
            e.HasIndex(t => t.UsedAt);
        });

        builder.Entity<ServerKey>(e =>
        {
            e.HasIndex(k => new { k.Purpose, k.ActivatesAt });
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
