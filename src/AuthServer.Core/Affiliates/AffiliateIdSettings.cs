namespace AuthServer.Core.Affiliates;

/// <summary>What an Admin sets on an affiliate ID; the caller has validated it.</summary>
public sealed record AffiliateIdSettings(string Label, int? PermitPerMinute, IReadOnlyList<string> AllowedOrigins);
