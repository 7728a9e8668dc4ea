using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace AuthServer.Api;

/// <summary>
/// Why a JSON body could not be read (<see cref="JsonBody"/>): 415 not JSON, 413 over
/// <see cref="ApiOptions.MaxBodyBytes"/>, 400 <c>MalformedJson</c> (naming the member of the wrong type, if one is).
/// </summary>
public sealed class JsonBodyProblem(int status, string code, string title, string detail, IDictionary<string, string[]>? errors = null)
    : ApiProblemResult(ApiProblems.Create(status, code, title, detail, errors)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}
