namespace AuthServer.RateLimiting;

/// <summary>
/// A limit applied to one key. The limit's rates are part of its identity: a changed limit (an affiliate
/// ID given a new one) starts a bucket of the new size at once, and the old bucket is dropped when idle.
/// </summary>
public readonly record struct RateLimitBucket(RateLimit Limit, string Key);
