using AuthServer.Hosting;

namespace AuthServer.Api;

/// <summary>
/// Collects what is wrong with a request, field by field, so one 400 names every bad field at once
/// (<c>ValidationFailed</c> with an <c>errors</c> member keyed by the field's JSON name, SPEC §5).
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <returns>The trimmed value, or null (and an error when <paramref name="required"/>) when missing or blank.</returns>
    public string? Text(string field, string? value, int maxLength, bool required)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(field, $"{field} is required.");
            }

            return null;
        }

        if (trimmed.Length > maxLength)
        {
            Add(field, $"{field} is longer than {maxLength} characters.");
        }

        return trimmed;
    }

    public IResult ToResult() => Problem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    public static IResult Single(string field, string message) => Problem(new Dictionary<string, string[]> { [field] = [message] });

    private static IResult Problem(Dictionary<string, string[]> errors) => ApiProblems.Result(
        StatusCodes.Status400BadRequest, ApiProblems.Codes.ValidationFailed, "Validation failed",
        (errors.Count == 1 ? "Invalid field: " : "Invalid fields: ") + string.Join(", ", errors.Keys) + ".", errors);
}
