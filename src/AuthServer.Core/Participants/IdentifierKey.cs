namespace AuthServer.Core.Participants;

/// <summary>
/// The one normalization for participant identifiers (euVatId, rn, countryCode, peppolId):
/// upper-case, every whitespace character removed (SPEC §2, §4 "Participant pre-selection").
/// Storage, consent pre-selection and lookups all go through it, so "be 0123 456 789" and
/// "BE0123456789" are the same key everywhere.
/// </summary>
public static class IdentifierKey
{
    /// <returns>The normalized key, or null when nothing but whitespace is left.</returns>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.Length == 0 ? null : builder.ToString();
    }
}
