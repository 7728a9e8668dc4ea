using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Core.Keys;

/// <summary>
/// Creates, rolls and loads the server's keys (SPEC §8). For signing and encryption it always keeps an
/// active key and the next one: the next signing key is in the JWKS for a whole rotation period before
/// it signs, and every instance sharing the database learns the next encryption key long before any
/// instance encrypts with it. Retired keys stay until no token they protect can still be valid.
/// </summary>
public sealed partial class KeyRingStore(
    AuthServerDbContext db,
    IDataProtectionProvider dataProtection,
    KeyRing ring,
    IOptions<KeyOptions> options,
    TimeProvider time,
    ILogger<KeyRingStore> logger)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("AuthServer.ServerKeys.v1");

    /// <summary>Rolls what is due, then loads the ring. Safe to run on several instances at once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;

        var expired = await db.ServerKeys.Where(k => k.ExpiresAt <= now).ToListAsync(cancellationToken);
        db.ServerKeys.RemoveRange(expired);

        var keys = await db.ServerKeys.AsNoTracking().Where(k => k.ExpiresAt > now).ToListAsync(cancellationToken);
        var created = new List<ServerKey>();
        created.AddRange(PlanRotation(keys, ServerKeyPurpose.Signing, now, settings.RotationPeriod, settings.SigningKeyRetention));
        created.AddRange(PlanRotation(keys, ServerKeyPurpose.Encryption, now, settings.RotationPeriod, settings.EncryptionKeyRetention));
        if (!keys.Any(k => k.Purpose == ServerKeyPurpose.SecretHashing))
        {
            // Secret hashes name their key, so this key never has to roll for hashes to stay valid.
            created.Add(NewKey(ServerKeyPurpose.SecretHashing, now, DateTime.MaxValue.AddYears(-1), DateTime.MaxValue.AddYears(-1)));
        }

        db.ServerKeys.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var key in created)
        {
            LogKeyCreated(logger, key.Purpose, key.Id, key.ActivatesAt);
        }

        var all = await db.ServerKeys.AsNoTracking().Where(k => k.ExpiresAt > now).ToListAsync(cancellationToken);
        ring.Replace(BuildKeySet(all, now));
    }

    private IEnumerable<ServerKey> PlanRotation(List<ServerKey> keys, ServerKeyPurpose purpose, DateTime now, TimeSpan period, TimeSpan retention)
    {
        var ofPurpose = keys.Where(k => k.Purpose == purpose).ToList();
        var active = ActiveOf(ofPurpose, now);
        if (active is null)
        {
            active = NewKey(purpose, now, now + period, now + period + retention);
            yield return active;
        }

        if (!ofPurpose.Any(k => k.ActivatesAt > now))
        {
            var start = active.RetiresAt;
            yield return NewKey(purpose, start, start + period, start + period + retention);
        }
    }

    // Several instances may create keys at the same moment; all of them pick the same active key
    // by taking the latest activation, ties broken by id.
    private static ServerKey? ActiveOf(IEnumerable<ServerKey> keys, DateTime now) => keys
        .Where(k => k.ActivatesAt <= now && k.RetiresAt > now)
        .OrderByDescending(k => k.ActivatesAt).ThenBy(k => k.Id, StringComparer.Ordinal)
        .FirstOrDefault();

    private ServerKey NewKey(ServerKeyPurpose purpose, DateTime activatesAt, DateTime retiresAt, DateTime expiresAt)
    {
        byte[] material;
        if (purpose == ServerKeyPurpose.Signing)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            material = ecdsa.ExportPkcs8PrivateKey();
        }
        else
        {
            material = RandomNumberGenerator.GetBytes(32);
        }

        return new ServerKey
        {
            Id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12)),
            Purpose = purpose,
            ProtectedMaterial = Convert.ToBase64String(_protector.Protect(material)),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ActivatesAt = activatesAt,
            RetiresAt = retiresAt,
            ExpiresAt = expiresAt,
        };
    }

    private KeySet BuildKeySet(List<ServerKey> keys, DateTime now)
    {
        byte[] Material(ServerKey key) => _protector.Unprotect(Convert.FromBase64String(key.ProtectedMaterial));

        var signing = keys.Where(k => k.Purpose == ServerKeyPurpose.Signing).OrderBy(k => k.ActivatesAt).ToList();
        var activeSigning = ActiveOf(signing, now)!;
        var signingKeys = signing.Select(k =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(Material(k), out _);
            return new ECDsaSecurityKey(ecdsa) { KeyId = k.Id };
        }).ToImmutableArray();

        var encryption = keys.Where(k => k.Purpose == ServerKeyPurpose.Encryption).OrderBy(k => k.ActivatesAt).ToList();
        var activeEncryption = ActiveOf(encryption, now)!;
        var encryptionKeys = encryption.Select(k => new SymmetricSecurityKey(Material(k)) { KeyId = k.Id }).ToImmutableArray();

        var hashing = keys.Where(k => k.Purpose == ServerKeyPurpose.SecretHashing).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();

        return new KeySet(
            new SigningCredentials(signingKeys.Single(k => k.KeyId == activeSigning.Id), SecurityAlgorithms.EcdsaSha256),
            [.. signingKeys],
            encryptionKeys.Single(k => k.KeyId == activeEncryption.Id),
            encryptionKeys,
            hashing.ToImmutableDictionary(k => k.Id, Material),
            hashing[0].Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Purpose} key {KeyId}, active from {ActivatesAt:u}")]
    private static partial void LogKeyCreated(ILogger logger, ServerKeyPurpose purpose, string keyId, DateTime activatesAt);
}
