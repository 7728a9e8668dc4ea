using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Migrations.PostgreSql;

/// <summary>
/// Lets `dotnet ef` build the model for this provider without starting the host
/// (`dotnet ef migrations add Name --project migrations/AuthServer.Migrations.PostgreSql`).
/// The connection string is never opened for adding migrations or scripting them.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AuthServerDbContext>
{
    public AuthServerDbContext CreateDbContext(string[] args) => new(Configure(new DbContextOptionsBuilder<AuthServerDbContext>()).Options);

    public static DbContextOptionsBuilder<AuthServerDbContext> Configure(DbContextOptionsBuilder<AuthServerDbContext> options)
    {
        options.UseNpgsql("Host=localhost;Database=authserver", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        options.UseOpenIddict<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();
        return options;
    }
}
