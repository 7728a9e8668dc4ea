using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

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
    }

    /// <param name="wwwAuthenticate">
    /// The challenge of a 401 (RFC 9110 §15.5.2 requires one), e.g. <c>Bearer error="invalid_token"</c> (RFC 6750).
    /// </param>
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, string? wwwAuthenticate = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        return response.WriteAsJsonAsync(new ApiProblem(title, status, detail, code), ApiProblemJson.Default.ApiProblem, ContentType, context.RequestAborted);
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds, rounded up so a client that waits is let in (RFC 6585 §4).</summary>
    public static Task WriteRateLimitedAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status429TooManyRequests, Codes.RateLimited, "Too many requests", detail);
    }

    /// <summary>The same body as an endpoint result.</summary>
    public static IResult Result(int status, string code, string title, string detail) => new ProblemResult(status, code, title, detail);

    private sealed class ProblemResult(int status, string code, string title, string detail) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status, code, title, detail);
    }
}

/// <summary>An RFC 9457 problem; <c>type</c> is left out, meaning <c>about:blank</c>.</summary>
public sealed record ApiProblem(string Title, int Status, string Detail, string Code);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiProblem))]
internal sealed partial class ApiProblemJson : JsonSerializerContext;
