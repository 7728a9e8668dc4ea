using AuthServer.Core.Accounts;
using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using AuthServer.Core.Participants;
using AuthServer.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>A company account of a test's own (and its people), so tests that change members or participants never meet.</summary>
public sealed record TestCompany(Guid AccountId, string Name, string AdminEmail)
{
    public const string Password = "Test-Company-2026";
}

/// <summary>Creates accounts, users and participants through the product's own services, with confirmed emails.</summary>
public static class TestAccounts
{
    public static async Task<TestCompany> NewCompanyAsync(AuthServerFactory factory, string? name = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        name ??= "Company " + suffix;
        var email = $"admin-{suffix}@company.test";
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await NewUserAsync(scope.ServiceProvider, email);
        var account = await scope.ServiceProvider.GetRequiredService<AccountRegistration>().CreateAccountAsync(name, user, CancellationToken.None);
        return new TestCompany(account.Id, name, email);
    }

    /// <summary>A new user in the company with <paramref name="role"/>; returns the email (password <see cref="TestCompany.Password"/>).</summary>
    public static async Task<string> AddMemberAsync(AuthServerFactory factory, Guid accountId, AccountRole role = AccountRole.Member, string? email = null)
    {
        email ??= $"member-{Guid.NewGuid():N}@company.test";
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email) ?? await NewUserAsync(services, email);
        var db = services.GetRequiredService<AuthServerDbContext>();
        db.Memberships.Add(new Membership { AccountId = accountId, UserId = user.Id, Role = role, CreatedAt = factory.Time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        return email;
    }

    /// <summary>
    /// A participant written straight to the database, as one an operator verified earlier (or <paramref name="status"/>):
    /// tests that are about something else start from a participant that takes part in the network.
    /// </summary>
    public static async Task<Guid> AddParticipantAsync(AuthServerFactory factory, Guid accountId, string name, string euVatId, string countryCode, string peppolId,
        ParticipantStatus status = ParticipantStatus.Verified)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthServerDbContext>();
        var participant = new Participant { AccountId = accountId, Name = name, CreatedAt = factory.Time.GetUtcNow().UtcDateTime };
        participant.SetIdentifiers(euVatId, null, countryCode, peppolId);
        participant.SetStatus(status, null, "system", participant.CreatedAt);
        db.Participants.Add(participant);
        await db.SaveChangesAsync();
        return participant.Id;
    }

    /// <summary>The company's API key (methods 1 and 2) with a new secret, made as its Settings / API Key page makes them.</summary>
    public static async Task<(string ClientId, string Secret)> ApiKeyAsync(AuthServerFactory factory, TestCompany company)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        var client = await clients.GetOrCreateApiKeyAsync(company.AccountId, company.Name, CancellationToken.None);
        return (client.ClientId!, await clients.AddSecretAsync(client, "system", CancellationToken.None));
    }

    /// <summary>A fresh Peppol ID (Belgian scheme), unique on the server.</summary>
    public static string NewPeppolId() => "0208:" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    private static async Task<AppUser> NewUserAsync(IServiceProvider services, string email)
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await services.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, TestCompany.Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }
}
