using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace AuthServer.Hosting;

public static class ApiErrors
{
    /// <summary>
    /// SPEC §5: an unexpected failure under /api answers problem+json, never a stack trace or an HTML page;
    /// an unreachable database is 503 <c>ServiceUnavailable</c> (with Retry-After) so clients retry.
    /// Pages keep the framework's error handling.
    /// </summary>
    public static IApplicationBuilder UseApiErrors(this WebApplication app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is DbException || error?.InnerException is DbException)
                {
                    context.Response.Headers.RetryAfter = "5";
                    await ApiProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "Service unavailable",
                        "The database cannot be reached. Try again shortly.");
                    return;
                }

                await ApiProblems.WriteAsync(context, StatusCodes.Status500InternalServerError, "InternalError", "Internal error",
                    "The request failed on our side; it has been logged.");
            },
        }));
}
