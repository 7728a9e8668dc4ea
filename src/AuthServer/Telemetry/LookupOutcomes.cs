namespace AuthServer.Telemetry;

/// <summary>
/// The <c>outcome</c> of <c>authserver.lookups</c> when the answer is not a problem (a refused lookup is
/// counted under its problem <c>code</c>: <c>InvalidLookupQuery</c>, <c>AffiliateIdMissing</c>, … <c>RateLimited</c>).
/// </summary>
public static class LookupOutcomes
{
    public const string Registered = "Registered";
    public const string NotRegistered = "NotRegistered";

    /// <summary>A CORS preflight, answered by the gate (it counts as a lookup of the ID).</summary>
    public const string Preflight = "Preflight";
}
