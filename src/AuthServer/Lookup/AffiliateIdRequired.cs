namespace AuthServer.Lookup;

/// <summary>Marks the endpoints the affiliate-ID gate stands in front of: the lookup group only.</summary>
public sealed class AffiliateIdRequired
{
    public static readonly AffiliateIdRequired Instance = new();

    private AffiliateIdRequired()
    {
    }
}
