namespace AuthServer.Redis;

/// <summary>Optional Redis (configuration section <c>Redis</c>, SPEC §8): shared limits and instant revocation.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>host:port,password=…</c>). Unset: every instance keeps
    /// its own limits and learns of other instances' revocations from the database within a second.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefixes every key and channel, so that several deployments (or test runs) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "authserver:";
}
