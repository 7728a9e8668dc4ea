using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace AuthServer.Api;

/// <summary>409: the request is well-formed but clashes with what is stored; <c>code</c> says how.</summary>
public sealed class ConflictProblem(string code, string detail, IDictionary<string, string[]>? errors = null)
    : ApiProblemResult(ApiProblems.Create(StatusCodes.Status409Conflict, code, "Conflict", detail, errors)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}
