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
    ILogger<RevocationBroadcast> logger) : RedisBroadcast(redis, "revocations")
{
    protected override void Listen() => ledger.Revoked += Publish;

    protected override void StopListening() => ledger.Revoked -= Publish;

    private void Publish(Revocation rule) => Publish(
        JsonSerializer.Serialize(new RevocationMessage(rule.Id, rule.Kind, rule.Subject, rule.RevokedAt, rule.ExpiresAt), RevocationMessageJson.Default.RevocationMessage));

    protected override void Receive(RedisValue message)
    {
        try
        {
            if (JsonSerializer.Deserialize(message.ToString(), RevocationMessageJson.Default.RevocationMessage) is { Subject.Length: > 0 and <= 100 } rule && Enum.IsDefined(rule.Kind))
            {
                cache.Add(new Revocation
                {
                    Id = rule.Id,
                    Kind = rule.Kind,
                    Subject = rule.Subject,
                    RevokedAt = DateTime.SpecifyKind(rule.RevokedAt, DateTimeKind.Utc),
                    ExpiresAt = DateTime.SpecifyKind(rule.ExpiresAt, DateTimeKind.Utc),
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
