using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace AuthServer.Api;

/// <summary>404 <c>NotFound</c>: unknown, another account's, or not visible to this token (SPEC §3, §5) look the same.</summary>
public sealed class NotFoundProblem(string detail)
    : ApiProblemResult(ApiProblems.Create(StatusCodes.Status404NotFound, ApiProblems.Codes.NotFound, "Not found", detail)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}
