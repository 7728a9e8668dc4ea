using AuthServer.Core.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AuthServer.Hosting;

public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddAuthServerHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddDbContextCheck<AuthServerDbContext>("database", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (no dependency checked, so a database outage does not
    /// get the instance restarted). <c>/health/ready</c>: the database is reachable, else 503; Degraded (still
    /// 200) while a configured Redis cannot be reached.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
