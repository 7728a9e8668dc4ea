using AuthServer.Core.Keys;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Core.Clients;

/// <summary>
/// Generates client secrets and checks them against stored keyed hashes. A secret is 256 random bits,
/// so a fast HMAC under a server key is enough: there is nothing to brute-force, and the key keeps a
/// stolen hash table useless on its own.
/// </summary>
public sealed class ClientSecretHasher(KeyRing ring, Deployment deployment)
{
    /// <summary>
    /// Every secret starts with it, so secret scanners recognise a leak. New secrets carry
    /// <see cref="Deployment.SecretPrefix"/> after it; older <c>sk_…</c> secrets keep working.
    /// </summary>
    public const string Prefix = "sk_";

    /// <summary>How many characters after the prefix the stored hint keeps: enough to tell two secrets apart.</summary>
    private const int HintLength = 4;

    public string Generate() => deployment.SecretPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public (byte[] Hash, string KeyId) Hash(string secret)
    {
        var keys = ring.Current;
        var keyId = keys.ActiveSecretHashKeyId;
        return (HMACSHA256.HashData(keys.SecretHashKeys[keyId], Encoding.UTF8.GetBytes(secret)), keyId);
    }

    /// <summary>Constant-time comparison: the time taken says nothing about how much of the secret matched.</summary>
    public bool Verify(string secret, byte[] hash, string keyId)
    {
        if (!ring.Current.SecretHashKeys.TryGetValue(keyId, out var key))
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(secret), computed);
        return CryptographicOperations.FixedTimeEquals(computed, hash);
    }

    /// <summary>The first characters of a secret: its prefix (<c>sk_live_</c>, <c>sk_test_</c> or <c>sk_</c>) and four more.</summary>
    public static string HintOf(string secret)
    {
        var prefix = secret.StartsWith(Deployment.LiveSecretPrefix, StringComparison.Ordinal) ? Deployment.LiveSecretPrefix
            : secret.StartsWith(Deployment.SandboxSecretPrefix, StringComparison.Ordinal) ? Deployment.SandboxSecretPrefix
            : Prefix;
        return secret[..Math.Min(secret.Length, prefix.Length + HintLength)];
    }
}
