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

/// <summary>One context for Identity, OpenIddict, Data Protection keys and the domain (SPEC §2).</summary>
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
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.SuspensionReason).HasMaxLength(500);
            e.Property(a => a.SuspendedBy).HasMaxLength(200);
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
            e.Property(i => i.Email).HasMaxLength(256);
            e.Property(i => i.NormalizedEmail).HasMaxLength(256);
            e.Property(i => i.InvitedByUserId).HasMaxLength(450);
            e.Property(i => i.AcceptedByUserId).HasMaxLength(450);
            e.Property(i => i.TokenHash).HasMaxLength(32);
            e.HasOne(i => i.Account).WithMany().HasForeignKey(i => i.AccountId);
            // The link's page finds the invitation by its token's hash; the home page by the invitee's email.
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.NormalizedEmail);
            e.HasIndex(i => i.AccountId);
        });

        builder.Entity<Participant>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.EuVatId).HasMaxLength(50);
            e.Property(p => p.EuVatIdKey).HasMaxLength(50);
            e.Property(p => p.Rn).HasMaxLength(50);
            e.Property(p => p.RnKey).HasMaxLength(50);
            e.Property(p => p.CountryCode).HasMaxLength(2);
            e.Property(p => p.PeppolId).HasMaxLength(100);
            e.Property(p => p.PeppolIdKey).HasMaxLength(100);
            e.Property(p => p.Email).HasMaxLength(254);
            e.Property(p => p.Address).HasMaxLength(500);
            e.Property(p => p.AddedBy).HasMaxLength(200);
            e.Property(p => p.StatusReason).HasMaxLength(500);
            e.Property(p => p.StatusChangedBy).HasMaxLength(200);
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
            e.Property(c => c.Description).HasMaxLength(1000);
            e.Property(c => c.HomepageUrl).HasMaxLength(500);
            e.HasOne(c => c.Account).WithMany().HasForeignKey(c => c.AccountId);
            e.HasIndex(c => new { c.AccountId, c.Kind });
        });

        builder.Entity<ClientSecret>(e =>
        {
            e.Property(s => s.Hash).HasMaxLength(32);
            e.Property(s => s.HashKeyId).HasMaxLength(64);
            e.Property(s => s.Hint).HasMaxLength(16);
            e.HasOne(s => s.Client).WithMany(c => c.Secrets).HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Grant>(e =>
        {
            e.Property(g => g.Scopes).HasMaxLength(500);
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
            e.Property(r => r.TokenId).HasMaxLength(64);
            e.Property(r => r.FamilyId).HasMaxLength(64);
            e.HasIndex(r => r.ExpiresAt);
        });

        builder.Entity<Revocation>(e =>
        {
            e.Property(r => r.Subject).HasMaxLength(100);
            e.HasIndex(r => r.ExpiresAt);
            // A subject is revoked once: concurrent reuse of one refresh token writes one rule and one audit event.
            e.HasIndex(r => new { r.Kind, r.Subject }).IsUnique();
        });

        builder.Entity<AffiliateId>(e =>
        {
            e.Property(a => a.Label).HasMaxLength(200);
            e.Property(a => a.AllowedOrigins).HasMaxLength(2000);
            e.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId);
            e.HasIndex(a => a.AccountId);
        });

        builder.Entity<Document>(e =>
        {
            e.Property(d => d.Number).HasMaxLength(100);
            e.Property(d => d.CounterpartyPeppolId).HasMaxLength(100);
            e.Property(d => d.CreatedByClientId).HasMaxLength(100);
            e.Property(d => d.IdempotencyKey).HasMaxLength(200);
            e.HasOne(d => d.Account).WithMany().HasForeignKey(d => d.AccountId);
            e.HasOne(d => d.Participant).WithMany().HasForeignKey(d => d.ParticipantId);
            e.HasIndex(d => new { d.AccountId, d.Direction, d.CreatedAt });
            e.HasIndex(d => new { d.CreatedByClientId, d.IdempotencyKey }).IsUnique();
        });

        builder.Entity<AuditEvent>(e =>
        {
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.Target).HasMaxLength(200);
            e.Property(a => a.Ip).HasMaxLength(64);
            e.Property(a => a.Detail).HasMaxLength(1000);
            e.HasIndex(a => new { a.AccountId, a.At });
            e.HasIndex(a => a.At); // the retention purge
        });

        builder.Entity<OperatorLogEntry>(e =>
        {
            e.ToTable("OperatorLog");
            e.Property(o => o.OperatorUserId).HasMaxLength(450);
            e.Property(o => o.OperatorEmail).HasMaxLength(256);
            e.Property(o => o.Action).HasMaxLength(100);
            e.Property(o => o.Target).HasMaxLength(200);
            e.Property(o => o.Detail).HasMaxLength(1000);
            e.Property(o => o.Ip).HasMaxLength(64);
            e.HasIndex(o => o.At); // the retention purge
        });

        builder.Entity<UsedFormToken>(e =>
        {
            e.HasKey(t => t.Token);
            e.Property(t => t.Token).HasMaxLength(32);
            e.HasIndex(t => t.UsedAt);
        });

        builder.Entity<ServerKey>(e =>
        {
            e.Property(k => k.Id).HasMaxLength(64);
            e.HasIndex(k => new { k.Purpose, k.ActivatesAt });
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
