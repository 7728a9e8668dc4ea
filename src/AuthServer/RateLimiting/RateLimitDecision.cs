namespace AuthServer.RateLimiting;

/// <summary>What a limit said: go on, or come back after <see cref="RetryAfter"/>.</summary>
/// <param name="ByGuard">Refused because the guard bucket was empty, not the bucket asked for.</param>
public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter, bool ByGuard)
{
    public static readonly RateLimitDecision Allow = new(true, TimeSpan.Zero, false);
}
