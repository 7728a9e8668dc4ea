using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AuthServer.Hosting;

public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddAuthServerHealth(this WebApplicationBuilder builder)
    {
        // A query that reads the file: SQLite opens a locked file without complaint, so opening proves nothing.
        builder.Services.AddHealthChecks().AddDbContextCheck<AuthServerDbContext>("database", tags: [ReadyTag],
            customTestQuery: async (db, cancellationToken) =>
            {
                await db.ServerKeys.AsNoTracking().AnyAsync(cancellationToken);
                return true;
            });
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (no dependency checked, so a database outage does not
    /// get the instance restarted). <c>/health/ready</c>: the database is reachable, else 503; Degraded (still
    /// 200) while a configured Redis cannot be reached. Both answer whatever Host a probe sends and over plain
    /// HTTP (<see cref="PublicOrigin"/>): a load balancer probes an instance by its own address.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
