using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Hosting;

/// <summary>
/// The one writer of API errors (SPEC §5): <c>application/problem+json</c> (RFC 9457) with a stable
/// <c>code</c> member that client code can switch on.
/// </summary>
public static class ApiProblems
{
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string? detail = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
