using AuthServer.Core.Validation;
using AuthServer.Hosting;

namespace AuthServer.Api;

/// <summary>
/// <see cref="FieldErrors"/> as the API answers them: one 400 <c>ValidationFailed</c> that names every bad
/// field at once, in an <c>errors</c> member keyed by the field's JSON name (SPEC §5).
/// </summary>
public static class ValidationErrors
{
    public static IResult ToResult(this FieldErrors errors) =>
        Problem(errors.ByField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    public static IResult Single(string field, string message) => Problem(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult Problem(Dictionary<string, string[]> errors) => ApiProblems.Result(
        StatusCodes.Status400BadRequest, ApiProblems.Codes.ValidationFailed, "Validation failed",
        (errors.Count == 1 ? "Invalid field: " : "Invalid fields: ") + string.Join(", ", errors.Keys) + ".", errors);
}
