using System.Text.Json.Serialization;

namespace AuthServer.Lookup;

/// <summary>
/// The public answer of a lookup. Only these fields exist on the type, so nothing private (email,
/// address, registration number, documents) can be serialized by mistake.
/// </summary>
public sealed record LookupResponse(
    bool Registered,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PeppolId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CountryCode = null)
{
    public static readonly LookupResponse NotRegistered = new(false);
}
