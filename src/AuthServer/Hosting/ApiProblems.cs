using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Hosting;

/// <summary>
/// The one way API endpoints and their middleware answer an error (SPEC §5): the framework's RFC 9457
/// problem details (<c>AddProblemDetails</c>, written by <see cref="IProblemDetailsService"/>) with a
/// machine-readable <c>code</c> member that clients switch on.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>The extension member clients switch on (SPEC §5).</summary>
    public const string CodeMember = "code";

    /// <summary>Codes shared by every API (SPEC §5); features define their own next to them.</summary>
    public static class Codes
    {
        public const string RateLimited = "RateLimited";
        public const string NotFound = "NotFound";

        /// <summary>400: one or more fields are wrong; <c>errors</c> names each field.</summary>
        public const string ValidationFailed = "ValidationFailed";

        /// <summary>400: the body is not JSON, or a member has the wrong JSON type.</summary>
        public const string MalformedJson = "MalformedJson";
        public const string UnsupportedMediaType = "UnsupportedMediaType";
        public const string PayloadTooLarge = "PayloadTooLarge";
        public const string ServiceUnavailable = "ServiceUnavailable";
    }

    /// <summary>A problem with our <c>code</c>.</summary>
    /// <param name="errors">For 400s about fields: each field's name (as the client sent it) and what is wrong with it.</param>
    public static ProblemDetails Create(int status, string code, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Extensions[CodeMember] = code;
        return problem;
    }

    /// <summary>
    /// <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>: problems the framework writes itself (a
    /// binding failure, an unhandled status) get a <c>code</c> and a <c>detail</c> from their status too.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (!problem.Extensions.ContainsKey(CodeMember))
        {
            problem.Extensions[CodeMember] = CodeFor(status);
        }

        problem.Detail ??= DetailFor(status);
    }

    /// <param name="wwwAuthenticate">
    /// The challenge of a 401 (RFC 9110 §15.5.2 requires one), e.g. <c>Bearer error="invalid_token"</c> (RFC 6750).
    /// </param>
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, string? wwwAuthenticate = null) =>
        WriteAsync(context, Create(status, code, title, detail), wwwAuthenticate);

    public static async Task WriteAsync(HttpContext context, ProblemDetails problem, string? wwwAuthenticate = null)
    {
        var response = context.Response;
        response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            // The framework's writer declines a client whose Accept names no JSON type; SPEC §5 has no other
            // form for the API, so it gets the same body.
            var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            await response.WriteAsJsonAsync(problem, json.GetTypeInfo(problem.GetType()), ContentType, context.RequestAborted);
        }
    }

    /// <summary>For <c>UseStatusCodePages</c> under <c>/api</c> (<see cref="ErrorHandling.UseStatusCodeBodies"/>): a bodiless error status becomes a problem.</summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        return WriteAsync(context.HttpContext, status, CodeFor(status), ReasonPhrases.GetReasonPhrase(status), DetailFor(status));
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds, rounded up so a client that waits is let in (RFC 6585 §4).</summary>
    public static Task WriteRateLimitedAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.RequestServices.GetService<Telemetry.AuthServerMetrics>()?.RateLimited(context.Request.Path);
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status429TooManyRequests, Codes.RateLimited, "Too many requests", detail);
    }

    /// <summary>The code of a problem known only by its status: the reason phrase in one word (<c>MethodNotAllowed</c>).</summary>
    private static string CodeFor(int status) => status switch
    {
        StatusCodes.Status404NotFound => Codes.NotFound,
        StatusCodes.Status413PayloadTooLarge => Codes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => Codes.UnsupportedMediaType,
        StatusCodes.Status500InternalServerError => "InternalError",
        _ => ReasonPhrases.GetReasonPhrase(status).Replace(" ", "", StringComparison.Ordinal),
    };

    private static string DetailFor(int status) => status switch
    {
        StatusCodes.Status404NotFound => "There is no such API endpoint.",
        StatusCodes.Status405MethodNotAllowed => "This endpoint does not accept this HTTP method.",
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
        _ => ReasonPhrases.GetReasonPhrase(status) + ".",
    };
}
