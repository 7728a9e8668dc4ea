using System.Text.Json;
using AuthServer.Core.Tokens;
using StackExchange.Redis;

namespace AuthServer.Redis;

/// <summary>
/// Publishes each revocation rule this instance writes, and applies those of other instances as they
/// arrive, so a revoked token is refused everywhere at once (SPEC §4). The database poll
/// (<see cref="OAuth.TokenStateSync"/>) stays as the fallback for messages lost while Redis was away.
/// A message can only add a rule that refuses tokens, never accept one; malformed ones are ignored.
/// </summary>
public sealed partial class RevocationBroadcast(
    RedisConnection redis,
    TokenLedger ledger,
    RevocationCache cache,
    ILogger<RevocationBroadcast> logger) : IHostedService
{
    private readonly RedisChannelSubscription _channel = new(redis, "revocations", value => Receive(value, cache, logger));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.IsConfigured)
        {
            ledger.Revoked += Publish;
        }

        return _channel.StartAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ledger.Revoked -= Publish;
        return Task.CompletedTask;
    }

    private void Publish(Revocation rule) => _channel.Publish(
        JsonSerializer.Serialize(new RevocationMessage(rule.Id, rule.Kind, rule.Subject, rule.RevokedAt, rule.ExpiresAt), RevocationMessageJson.Default.RevocationMessage));

    private static void Receive(RedisValue value, RevocationCache cache, ILogger logger)
    {
        try
        {
            if (JsonSerializer.Deserialize(value.ToString(), RevocationMessageJson.Default.RevocationMessage) is { Subject.Length: > 0 and <= 100 } message && Enum.IsDefined(message.Kind))
            {
                cache.Add(new Revocation
                {
                    Id = message.Id,
                    Kind = message.Kind,
                    Subject = message.Subject,
                    RevokedAt = DateTime.SpecifyKind(message.RevokedAt, DateTimeKind.Utc),
                    ExpiresAt = DateTime.SpecifyKind(message.ExpiresAt, DateTimeKind.Utc),
                });
                return;
            }
        }
        catch (JsonException)
        {
        }

        LogMalformed(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed revocation message on Redis")]
    private static partial void LogMalformed(ILogger logger);
}

/// <summary>A revocation rule as published on Redis.</summary>
internal sealed record RevocationMessage(long Id, RevocationKind Kind, string Subject, DateTime RevokedAt, DateTime ExpiresAt);

/// <summary>Generated at build time: the first revocation after a start pays no reflection warm-up on either side.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(RevocationMessage))]
internal sealed partial class RevocationMessageJson : System.Text.Json.Serialization.JsonSerializerContext;
