namespace AuthServer.Lookup;

/// <summary>A participant a lookup found, and its account, which is checked against the suspended accounts in memory.</summary>
public sealed record LookupMatch(Guid AccountId, LookupResponse Response);
