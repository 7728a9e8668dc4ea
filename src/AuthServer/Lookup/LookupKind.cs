namespace AuthServer.Lookup;

/// <summary>Which identifier a lookup gives (SPEC §4 method 4): exactly one of them.</summary>
public enum LookupKind
{
    PeppolId,
    EuVatId,
    RnAndCountryCode,
}
