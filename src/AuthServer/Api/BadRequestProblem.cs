using System.Reflection;
using AuthServer.Core.Validation;
using Microsoft.AspNetCore.Http.Metadata;

namespace AuthServer.Api;

/// <summary>
/// 400: the request's values are wrong. <see cref="FieldErrors"/> become one <c>ValidationFailed</c> that
/// names every bad field at once, in an <c>errors</c> member keyed by the field's JSON name (SPEC §5).
/// </summary>
public sealed class BadRequestProblem(string code, string title, string detail, IDictionary<string, string[]>? errors = null)
    : ApiProblemResult(ApiProblems.Create(StatusCodes.Status400BadRequest, code, title, detail, errors)), IEndpointMetadataProvider
{
    public static BadRequestProblem Validation(FieldErrors errors) =>
        Validation(errors.ByField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    public static BadRequestProblem Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status400BadRequest);

    private static BadRequestProblem Validation(Dictionary<string, string[]> errors) => new(ApiProblems.Codes.ValidationFailed, "Validation failed",
        (errors.Count == 1 ? "Invalid field: " : "Invalid fields: ") + string.Join(", ", errors.Keys) + ".", errors);
}
