using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Api;

/// <summary>
/// An API error as an endpoint's typed result (SPEC §5): the problem is written by the framework's problem
/// details service (<see cref="ApiProblems.WriteAsync(HttpContext, ProblemDetails, string?)"/>), and each
/// subclass declares its statuses for the OpenAPI document, so a handler's <c>Results&lt;…&gt;</c> signature
/// lists every answer it gives. (The framework's <c>NotFound&lt;ProblemDetails&gt;</c> and friends answer
/// <c>application/json</c>, and <c>ProblemHttpResult</c> declares no status.)
/// </summary>
public abstract class ApiProblemResult(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public ProblemDetails Value => problem;

    object? IValueHttpResult.Value => problem;

    public int? StatusCode => problem.Status;

    public string ContentType => ApiProblems.ContentType;

    public Task ExecuteAsync(HttpContext httpContext) => ApiProblems.WriteAsync(httpContext, problem);

    /// <summary>For the subclasses' <see cref="IEndpointMetadataProvider.PopulateMetadata"/>: a 400 may name fields (<c>errors</c>).</summary>
    protected static void Declare(EndpointBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            var type = status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, type, [ApiProblems.ContentType]));
        }
    }
}
