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

    public static IServiceCollection AddAuthServerErrors(this IServiceCollection services) =>
        services.AddExceptionHandler<ClientExceptionHandler>();

    /// <summary>Outermost handling: what follows in the pipeline runs again for the error page, headers included.</summary>
    public static IApplicationBuilder UseAuthServerErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = ErrorPath,
            StatusCodeSelector = StatusFor,
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

    /// <summary>Answers API and OAuth clients in their own format; pages fall through to the error page.</summary>
    private sealed class ClientExceptionHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var status = context.Response.StatusCode;
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = DatabaseTrouble.RetryAfterSeconds;
            }

            // The request's path is the error page's by now; the failed request's is in the feature.
            var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value;
            switch (RequestAreas.Of(new PathString(path)))
            {
                case RequestArea.Api:
                    var (code, title, detail) = status switch
                    {
                        StatusCodes.Status503ServiceUnavailable => ("ServiceUnavailable", "Service unavailable", "The database cannot be reached. Try again shortly."),
                        StatusCodes.Status413PayloadTooLarge => (ApiProblems.Codes.PayloadTooLarge, "Payload too large", "The request body is too large."),
                        < 500 => ("BadRequest", "Bad request", "The request could not be read."),
                        _ => ("InternalError", "Internal error", "The request failed on our side; it has been logged."),
                    };
                    await ApiProblems.WriteAsync(context, status, code, title, detail);
                    return true;
                case RequestArea.OAuth:
                    var (error, description) = status switch
                    {
                        StatusCodes.Status503ServiceUnavailable => (OAuthErrors.TemporarilyUnavailable, "The database cannot be reached. Try again shortly."),
                        < 500 => (OAuthErrors.InvalidRequest, "The request could not be read."),
                        _ => ("server_error", "The request failed on our side; it has been logged."),
                    };
                    await OAuthErrors.WriteAsync(context, status, error, description);
                    return true;
                default:
                    return false;
            }
        }
    }
}
