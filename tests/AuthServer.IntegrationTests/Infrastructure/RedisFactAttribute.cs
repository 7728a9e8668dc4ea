namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// A test that needs a real Redis, named (host:port) by <see cref="ServerVariable"/>. Without one it is
/// skipped with the reason, unless REQUIRE_REDIS=1 (as .ci/run sets), where it runs and fails.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public const string ServerVariable = "AUTHSERVER_TEST_REDIS";

    public static string? Server { get; } = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    public RedisFactAttribute()
    {
        if (Server is null && Environment.GetEnvironmentVariable("REQUIRE_REDIS") != "1")
        {
            Skip = $"No Redis: set {ServerVariable}=host:port to run this test.";
        }
    }

    /// <summary>The Redis server; fails the test when there is none (REQUIRE_REDIS=1 without a server).</summary>
    public static string RequireServer() =>
        Server ?? throw new InvalidOperationException($"REQUIRE_REDIS=1 but {ServerVariable} names no Redis server.");
}
