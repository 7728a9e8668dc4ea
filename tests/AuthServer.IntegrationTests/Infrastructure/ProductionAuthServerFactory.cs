using AuthServer.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// The host in Production, configured as deployed behind TLS: <c>Auth:Issuer</c> is the public origin
/// <see cref="Issuer"/> (clients reach it with <see cref="CreatePublicClient"/>), Data Protection keys
/// unencrypted unless a test configures a certificate. Demo data is refused outside Development, so
/// <see cref="SeedDemoAsync"/> runs the seeder itself, as a Development start would have.
/// </summary>
public class ProductionAuthServerFactory : AuthServerFactory
{
    public const string Issuer = "https://auth.example.test/";

    /// <param name="database">Another factory's database (a restart); by default a new one of its own.</param>
    public ProductionAuthServerFactory(TestDatabase? database = null)
        : base(database, time: null)
    {
        WithSetting("Auth:Issuer", Issuer);
        WithSetting("DataProtection:AllowUnencryptedKeys", "true");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }

    /// <summary>A browser-like client (cookies, no redirects followed) on <paramref name="origin"/>, by default the public origin.</summary>
    public HttpClient CreatePublicClient(string origin = Issuer) =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(origin), AllowAutoRedirect = false, HandleCookies = true });

    public async Task SeedDemoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }
}
