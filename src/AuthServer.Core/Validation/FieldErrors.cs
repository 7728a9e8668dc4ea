namespace AuthServer.Core.Validation;

/// <summary>
/// What is wrong with an input, field by field, so one answer names every bad field at once: the API
/// turns it into a <c>ValidationFailed</c> problem, a page into messages beside its fields.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ByField => _errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);

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
}
