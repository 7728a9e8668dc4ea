using AuthServer.Core.Affiliates;
using AuthServer.Core.Clients;
using AuthServer.Core.Documents;
using AuthServer.Core.Forms;
using AuthServer.Core.Keys;
using AuthServer.Core.Operators;
using AuthServer.Core.Participants;
using AuthServer.Core.Tokens;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

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
            e.HasMaxLength(200, a => a.Name, a => a.SuspendedBy);
            e.HasMaxLength(500, a => a.SuspensionReason);
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
            e.HasMaxLength(256, i => i.Email, i => i.NormalizedEmail);
            e.HasMaxLength(450, i => i.InvitedByUserId, i => i.AcceptedByUserId);
            e.Property(i => i.TokenHash).HasMaxLength(32);
            e.HasOne(i => i.Account).WithMany().HasForeignKey(i => i.AccountId);
            // The link's page finds the invitation by its token's hash; the home page by the invitee's email.
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.NormalizedEmail);
            e.HasIndex(i => i.AccountId);
        });

        builder.Entity<Participant>(e =>
        {
            e.HasMaxLength(200, p => p.Name, p => p.AddedBy, p => p.StatusChangedBy);
            e.HasMaxLength(50, p => p.EuVatId, p => p.EuVatIdKey, p => p.Rn, p => p.RnKey);
            e.HasMaxLength(2, p => p.CountryCode);
            e.HasMaxLength(100, p => p.PeppolId, p => p.PeppolIdKey);
            e.HasMaxLength(254, p => p.Email);
            e.HasMaxLength(500, p => p.Address, p => p.StatusReason);
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
            e.HasMaxLength(1000, c => c.Description);
            e.HasMaxLength(500, c => c.HomepageUrl);
            e.HasOne(c => c.Account).WithMany().HasForeignKey(c => c.AccountId);
            e.HasIndex(c => new { c.AccountId, c.Kind });
        });

        builder.Entity<ClientSecret>(e =>
        {
            e.HasMaxLength(64, s => s.HashKeyId);
            e.HasMaxLength(16, s => s.Hint);
            e.Property(s => s.Hash).HasMaxLength(32);
            e.HasOne(s => s.Client).WithMany(c => c.Secrets).HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Grant>(e =>
        {
            e.HasMaxLength(500, g => g.Scopes);
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
            e.HasMaxLength(64, r => r.TokenId, r => r.FamilyId);
            e.HasIndex(r => r.ExpiresAt);
        });

        builder.Entity<Revocation>(e =>
        {
            e.HasMaxLength(100, r => r.Subject);
            e.HasIndex(r => r.ExpiresAt);
            // A subject is revoked once: concurrent reuse of one refresh token writes one rule and one audit event.
            e.HasIndex(r => new { r.Kind, r.Subject }).IsUnique();
        });

        builder.Entity<AffiliateId>(e =>
        {
            e.HasMaxLength(200, a => a.Label);
            e.HasMaxLength(2000, a => a.AllowedOrigins);
            e.HasOne(a => a.Account).WithMany().HasForeignKey(a => a.AccountId);
            e.HasIndex(a => a.AccountId);
        });

        builder.Entity<Document>(e =>
        {
            e.HasMaxLength(100, d => d.Number, d => d.CounterpartyPeppolId, d => d.CreatedByClientId);
            e.HasMaxLength(200, d => d.IdempotencyKey);
            e.HasOne(d => d.Account).WithMany().HasForeignKey(d => d.AccountId);
            e.HasOne(d => d.Participant).WithMany().HasForeignKey(d => d.ParticipantId);
            e.HasIndex(d => new { d.AccountId, d.Direction, d.CreatedAt });
            e.HasIndex(d => new { d.CreatedByClientId, d.IdempotencyKey }).IsUnique();
        });

        builder.Entity<AuditEvent>(e =>
        {
            e.HasMaxLength(200, a => a.Actor, a => a.Target);
            e.HasMaxLength(100, a => a.Action);
            e.HasMaxLength(64, a => a.Ip);
            e.HasMaxLength(1000, a => a.Detail);
            e.HasIndex(a => new { a.AccountId, a.At });
            e.HasIndex(a => a.At); // the retention purge
        });

        builder.Entity<OperatorLogEntry>(e =>
        {
            e.ToTable("OperatorLog");
            e.HasMaxLength(450, o => o.OperatorUserId);
            e.HasMaxLength(256, o => o.OperatorEmail);
            e.HasMaxLength(100, o => o.Action);
            e.HasMaxLength(200, o => o.Target);
            e.HasMaxLength(1000, o => o.Detail);
            e.HasMaxLength(64, o => o.Ip);
            e.HasIndex(o => o.At); // the retention purge
        });

        builder.Entity<UsedFormToken>(e =>
        {
            e.HasKey(t => t.Token);
            e.HasMaxLength(32, t => t.Token);
            e.HasIndex(t => t.UsedAt);
        });

        builder.Entity<ServerKey>(e =>
        {
            e.HasMaxLength(64, k => k.Id);
            e.HasIndex(k => new { k.Purpose, k.ActivatesAt });
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
