using System.Net.Mail;

namespace AuthServer.Core.Participants;

/// <summary>What a participant's identifiers must look like (SPEC §2), for every place that writes one.</summary>
public static class ParticipantRules
{
    public const int MaxNameLength = 200;
    public const int MaxIdentifierLength = 50;
    public const int MaxPeppolIdLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxAddressLength = 500;

    // ISO 3166-1 alpha-2, officially assigned codes. A list, not RegionInfo: the server runs with
    // invariant globalization, and the check must not depend on the machine's ICU data.
    private static readonly FrozenSet<string> CountryCodes = (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
        "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
        "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
        "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW").Split(' ').ToFrozenSet(StringComparer.Ordinal);

    public static int CountryCodeCount => CountryCodes.Count;

    /// <summary>An assigned ISO 3166-1 alpha-2 code, in any case and spacing (stored normalized).</summary>
    public static bool IsCountryCode(string? value) => IdentifierKey.Normalize(value) is { } key && CountryCodes.Contains(key);

    /// <summary>
    /// A Peppol participant identifier <c>scheme:value</c> as used on the network, e.g. <c>0208:0123456789</c>:
    /// the scheme is a four-digit ISO 6523 ICD code, the value is not empty and has no control characters.
    /// </summary>
    public static bool IsPeppolId(string? value)
    {
        var key = IdentifierKey.Normalize(value);
        return key is { Length: > 5 and <= MaxPeppolIdLength } &&
               key[4] == ':' && !key.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') &&
               !key.Any(char.IsControl);
    }

    /// <summary>A single plain address (no display name, no list), as invoices are mailed to it.</summary>
    public static bool IsEmail(string? value) =>
        value is { Length: <= MaxEmailLength } && MailAddress.TryCreate(value, out var address) &&
        address.Address == value && string.IsNullOrEmpty(address.DisplayName);
}
