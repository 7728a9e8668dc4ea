namespace AuthServer.Core.Tokens;

public enum RedemptionResult
{
    /// <summary>First use: go on and issue.</summary>
    Redeemed,

    /// <summary>Used again within the leeway: a network retry, answered like the first.</summary>
    RetriedWithinLeeway,

    /// <summary>Used again after the leeway, or an authorization code used twice: the family is revoked.</summary>
    ReuseDetected,
}
