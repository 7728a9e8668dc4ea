namespace AuthServer.Demo;

public sealed class DemoParticipant
{
    public string Name { get; set; } = "";
    public string? EuVatId { get; set; }
    public string? Rn { get; set; }
    public string CountryCode { get; set; } = "";
    public string PeppolId { get; set; } = "";
    public string? Email { get; set; }
    public string? Address { get; set; }

    /// <summary>Demo participants are verified, unless one is seeded pending so the operator console has something to show.</summary>
    public bool Pending { get; set; }
}
