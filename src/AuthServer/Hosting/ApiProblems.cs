using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Hosting;

/// <summary>
/// The one way API endpoints and their middleware answer an error (SPEC §5): RFC 9457
/// <c>application/problem+json</c> with a machine-readable <c>code</c> member that clients switch on.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

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
    }

    /// <param name="wwwAuthenticate">
    /// The challenge of a 401 (RFC 9110 §15.5.2 requires one), e.g. <c>Bearer error="invalid_token"</c> (RFC 6750).
    /// </param>
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, string? wwwAuthenticate = null) =>
        WriteAsync(context, new ApiProblem(title, status, detail, code), wwwAuthenticate);

    private static Task WriteAsync(HttpContext context, ApiProblem problem, string? wwwAuthenticate = null)
    {
        var response = context.Response;
        response.StatusCode = problem.Status;
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        return response.WriteAsJsonAsync(problem, ApiProblemJson.Default.ApiProblem, ContentType, context.RequestAborted);
    }

    /// <summary>For <c>UseStatusCodePages</c> under <c>/api</c> (<see cref="ErrorHandling.UseStatusCodeBodies"/>): a bodiless error status becomes a problem.</summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var reason = ReasonPhrases.GetReasonPhrase(status);
        var (code, detail) = status switch
        {
            StatusCodes.Status404NotFound => (Codes.NotFound, "There is no such API endpoint."),
            StatusCodes.Status405MethodNotAllowed => ("MethodNotAllowed", "This endpoint does not accept this HTTP method."),
            StatusCodes.Status415UnsupportedMediaType => (Codes.UnsupportedMediaType, "Send the request body as application/json."),
            _ => (reason.Replace(" ", "", StringComparison.Ordinal), reason + "."),
        };
        return WriteAsync(http, status, code, reason, detail);
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds, rounded up so a client that waits is let in (RFC 6585 §4).</summary>
    public static Task WriteRateLimitedAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.RequestServices.GetService<Telemetry.AuthServerMetrics>()?.RateLimited(context.Request.Path);
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status429TooManyRequests, Codes.RateLimited, "Too many requests", detail);
    }

    /// <summary>The same body as an endpoint result.</summary>
    /// <param name="errors">For 400s about fields: each field's name (as the client sent it) and what is wrong with it.</param>
    public static IResult Result(int status, string code, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new ProblemResult(new ApiProblem(title, status, detail, code, errors));

    /// <summary>404 <c>NotFound</c>: unknown, another account's, or not visible to this token (SPEC §3, §5) look the same.</summary>
    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, Codes.NotFound, "Not found", detail);

    private sealed class ProblemResult(ApiProblem problem) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => problem.Status;

        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, problem);
    }
}

/// <summary>An RFC 9457 problem; <c>type</c> is left out, meaning <c>about:blank</c>.</summary>
/// <param name="Errors">Field name → what is wrong with it (as in ASP.NET Core's ValidationProblemDetails); left out when null.</param>
public sealed record ApiProblem(
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiProblem))]
internal sealed partial class ApiProblemJson : JsonSerializerContext;
