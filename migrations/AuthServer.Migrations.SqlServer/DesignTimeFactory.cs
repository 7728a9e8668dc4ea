using AuthServer.Core.Clients;
using AuthServer.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenIddict.EntityFrameworkCore.Models;

namespace AuthServer.Migrations.SqlServer;

/// <summary>
/// Lets `dotnet ef` build the model for this provider without starting the host
/// (`dotnet ef migrations add Name --project migrations/AuthServer.Migrations.SqlServer`).
/// The connection string is never opened for adding migrations or scripting them.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AuthServerDbContext>
{
    public AuthServerDbContext CreateDbContext(string[] args) => new(Configure(new DbContextOptionsBuilder<AuthServerDbContext>()).Options);

    public static DbContextOptionsBuilder<AuthServerDbContext> Configure(DbContextOptionsBuilder<AuthServerDbContext> options)
    {
        options.UseSqlServer("Server=(local);Database=AuthServer;Trusted_Connection=True;TrustServerCertificate=True", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name));
        options.UseOpenIddict<OAuthClient, OAuthAuthorization, OpenIddictEntityFrameworkCoreScope, OAuthToken, string>();
        return options;
    }
}
