using AuthServer.Core.Participants;
using Microsoft.Extensions.Primitives;

namespace AuthServer.Lookup;

/// <summary>
/// Which company a lookup asks about: exactly one identifier (SPEC §4 method 4), as normalized keys
/// (<see cref="IdentifierKey"/>, the same function the stored keys and consent pre-selection use).
/// </summary>
public sealed record LookupQuery(LookupKind Kind, string Key, string? CountryCode = null)
{
    public const string PeppolId = "peppolId";
    public const string EuVatId = "euVatId";
    public const string Rn = "rn";
    public const string CountryCodeParameter = "countryCode";

    private const string OneIdentifier = "Pass exactly one identifier: peppolId, or euVatId, or rn with countryCode.";

    // Keys longer than their columns (AuthServerDbContext) cannot match anything.
    private const int MaxPeppolIdLength = 100;
    private const int MaxOtherLength = 50;

    /// <returns>The query, or the reason it is not one, in words for the 400's detail.</returns>
    public static (LookupQuery? Query, string? Error) Parse(IQueryCollection query)
    {
        var peppolId = query[PeppolId];
        var euVatId = query[EuVatId];
        var rn = query[Rn];
        var countryCode = query[CountryCodeParameter];

        var repeated = peppolId.Count > 1 ? PeppolId : euVatId.Count > 1 ? EuVatId : rn.Count > 1 ? Rn : countryCode.Count > 1 ? CountryCodeParameter : null;
        if (repeated is not null)
        {
            return (null, $"{repeated} is given more than once. {OneIdentifier}");
        }

        var given = (peppolId.Count > 0 ? 1 : 0) + (euVatId.Count > 0 ? 1 : 0) + (rn.Count > 0 || countryCode.Count > 0 ? 1 : 0);
        if (given != 1)
        {
            return (null, OneIdentifier);
        }

        if (peppolId.Count > 0)
        {
            return NormalizedKey(PeppolId, peppolId, MaxPeppolIdLength, out var key) is { } error ? (null, error) : (new LookupQuery(LookupKind.PeppolId, key), null);
        }

        if (euVatId.Count > 0)
        {
            return NormalizedKey(EuVatId, euVatId, MaxOtherLength, out var key) is { } error ? (null, error) : (new LookupQuery(LookupKind.EuVatId, key), null);
        }

        if (rn.Count == 0 || countryCode.Count == 0)
        {
            return (null, $"rn and countryCode go together. {OneIdentifier}");
        }

        if (NormalizedKey(Rn, rn, MaxOtherLength, out var rnKey) is { } rnError)
        {
            return (null, rnError);
        }

        var country = IdentifierKey.Normalize(countryCode);
        if (country is not { Length: 2 } || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1]))
        {
            return (null, "countryCode must be a two-letter ISO 3166-1 code such as BE.");
        }

        return (new LookupQuery(LookupKind.RnAndCountryCode, rnKey, country), null);
    }

    private static string? NormalizedKey(string name, StringValues value, int maxLength, out string key)
    {
        key = IdentifierKey.Normalize(value) ?? "";
        return key.Length == 0 ? $"{name} is empty."
            : key.Length > maxLength ? $"{name} is longer than {maxLength} characters."
            : null;
    }
}
