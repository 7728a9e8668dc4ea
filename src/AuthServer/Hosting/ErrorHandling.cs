using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Hosting;

/// <summary>
/// Every error answer (SPEC §5), in the form its client reads (<see cref="RequestArea"/>): problem+json under
/// <c>/api</c>, RFC 6749 JSON at the OAuth endpoints, our error page everywhere else, with the security
/// headers and never a stack trace. An unusable database is 503 with <c>Retry-After</c> in all three.
/// </summary>
public static class ErrorHandling
{
    /// <summary>The error page (Razor/AuthServer.Razor/Pages/Error.cshtml); <c>/error/404</c> re-renders a status.</summary>
    public const string ErrorPath = "/error";

    /// <summary>Outermost handling: what follows in the pipeline runs again for the error page, headers included.</summary>
    public static IApplicationBuilder UseAuthServerErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = ErrorPath,
            StatusCodeSelector = StatusFor,
            // Since .NET 10 the middleware does not log an exception one of our IExceptionHandlers answered (every
            // /api and OAuth one): a 500 there said "it has been logged" while nothing was. Logged unless it is the
            // client's 4xx.
            SuppressDiagnosticsCallback = context => StatusFor(context.Exception) < StatusCodes.Status500InternalServerError,
        });

    /// <summary>
    /// Errors without a body (an unknown route, a wrong method or content type, a refused antiforgery token)
    /// get one: problem+json under <c>/api</c>, RFC 6749 JSON at the OAuth endpoints, the error page elsewhere.
    /// </summary>
    public static IApplicationBuilder UseStatusCodeBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => RequestAreas.Of(context.HttpContext.Request) switch
        {
            RequestArea.Api => ApiProblems.WriteStatusCodePageAsync(context),
            RequestArea.OAuth => OAuthErrors.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, OAuthErrors.InvalidRequest,
                ReasonPhrases.GetReasonPhrase(context.HttpContext.Response.StatusCode) + ": not a request this endpoint accepts."),
            _ => ReExecuteErrorPageAsync(context),
        });

    /// <summary>
    /// The framework's problem details with our <c>code</c> (<see cref="ApiProblems.Customize"/>), and the
    /// exception handlers in the order they are asked: the database first, then everything else.
    /// </summary>
    public static IServiceCollection AddAuthServerErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblems.Customize);
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddExceptionHandler<ClientExceptionHandler>();
        return services;
    }

    /// <summary>A request the server could not read (Kestrel's limits, a torn body) is the client's 4xx; a database in trouble is 503.</summary>
    public static int StatusFor(Exception exception) =>
        exception is BadHttpRequestException bad ? bad.StatusCode
        : DatabaseTrouble.IsUnavailable(exception) ? StatusCodes.Status503ServiceUnavailable
        : StatusCodes.Status500InternalServerError;

    /// <summary>Renders <c>/error/{status}</c> in place of the empty body, as UseStatusCodePagesWithReExecute does.</summary>
    private static async Task ReExecuteErrorPageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var (path, query, endpoint) = (request.Path, request.QueryString, http.GetEndpoint());
        http.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
        {
            OriginalPathBase = request.PathBase.Value!,
            OriginalPath = path.Value!,
            OriginalQueryString = query.HasValue ? query.Value : null,
            Endpoint = endpoint,
        });
        http.SetEndpoint(null);
        request.RouteValues.Clear();
        request.Path = ErrorPath + "/" + http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.QueryString = QueryString.Empty;
        try
        {
            await context.Next(http);
        }
        finally
        {
            request.Path = path;
            request.QueryString = query;
            http.Features.Set<IStatusCodeReExecuteFeature?>(null);
        }
    }
}
