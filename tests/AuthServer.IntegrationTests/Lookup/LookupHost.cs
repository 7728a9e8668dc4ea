using AuthServer.Core.Affiliates;
using AuthServer.Core.Data;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.IntegrationTests.Lookup;

/// <summary>
/// The host for lookup tests. Its failed-attempt limit per client network is lifted: every test request
/// comes from the same (test server) address, and the error-case tests would otherwise trip it; that
/// limit has its own host in <see cref="LookupEnumerationTests"/>.
/// </summary>
public sealed class LookupHost : AuthServerFactory
{
    public static readonly Guid DemoAffiliateId = Guid.Parse("3f2b8c1e-7d4a-4e9b-9c5d-1a2b3c4d5e6f");

    public LookupHost() => WithSetting("Lookup:FailedPerIpPerMinute", "100000");
}

public static class Affiliates
{
    public static string LookupUrl(Guid affiliateId, string query) => $"/api/lookup?affiliateId={affiliateId}&{query}";

    /// <summary>Adds an affiliate ID straight to the database, as another instance or an earlier page visit would have.</summary>
    public static Task<Guid> CreateAsync(AuthServerFactory factory, string accountName = "Demo Company", int? permitPerMinute = null,
        string allowedOrigins = "", bool revoked = false) =>
        factory.WithDbAsync(async db =>
        {
            var accountId = await db.Accounts.Where(a => a.Name == accountName).Select(a => a.Id).SingleAsync();
            var affiliate = new AffiliateId
            {
                AccountId = accountId,
                Label = "test " + Guid.NewGuid().ToString("N")[..8],
                PermitPerMinute = permitPerMinute,
                AllowedOrigins = allowedOrigins,
                CreatedAt = factory.Time.GetUtcNow().UtcDateTime,
                RevokedAt = revoked ? factory.Time.GetUtcNow().UtcDateTime : null,
            };
            db.AffiliateIds.Add(affiliate);
            await db.SaveChangesAsync();
            return affiliate.Id;
        });

    public static Task<AffiliateId> LoadAsync(AuthServerFactory factory, Guid id) =>
        factory.WithDbAsync(db => db.AffiliateIds.AsNoTracking().SingleAsync(a => a.Id == id));

    public static Task RevokeInDatabaseAsync(AuthServerFactory factory, Guid id) =>
        factory.WithDbAsync(db => db.AffiliateIds.Where(a => a.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.RevokedAt, factory.Time.GetUtcNow().UtcDateTime)));
}
