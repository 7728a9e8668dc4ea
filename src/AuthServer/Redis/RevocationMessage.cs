using AuthServer.Core.Tokens;

namespace AuthServer.Redis;

/// <summary>A revocation rule as published on Redis.</summary>
internal sealed record RevocationMessage(long Id, RevocationKind Kind, string Subject, DateTime RevokedAt, DateTime ExpiresAt);
