using System.Buffers;
using System.Buffers.Text;

namespace AuthServer.Core.Tokens;

/// <summary>
/// The protection of refresh tokens and authorization codes: <c>{kind}.{kid}.{base64url(salt | ciphertext | tag)}</c>.
/// AES-256-GCM over the token's payload, with a key and nonce of its own derived from the server's managed
/// encryption key and a 128-bit random salt (HMAC-SHA512), so no (key, nonce) pair ever repeats however many
/// tokens one key protects. The kind and key id are authenticated data: a code cannot pass for a refresh
/// token, nor a token move to another key. Opaque to clients (encrypted), integrity-protected (the tag),
/// and one AEAD operation where the JWE it replaces (RFC 7516, A256KW + A256CBC-HS512 around an ES256-signed
/// JWT) cost a key wrap, a CBC encryption, an HMAC and a second ECDSA signature.
/// </summary>
public static class SealedToken
{
    public const string RefreshTokenKind = "r1";
    public const string AuthorizationCodeKind = "c1";

    /// <summary>A token is a handful of claims; anything longer is not one of ours (bounds the work on garbage).</summary>
    public const int MaxLength = 8 * 1024;

    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int AesKeySize = 32;

    /// <summary>
    /// The key that seals tokens under one managed encryption key, derived from it (HKDF-SHA256) so the same
    /// material is never used by two algorithms (the JWE path still reads tokens issued before).
    /// </summary>
    public static byte[] DeriveSealingKey(ReadOnlySpan<byte> encryptionKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, encryptionKey.ToArray(), AesKeySize, salt: [], info: "AuthServer sealed tokens v1"u8.ToArray());

    public static string Seal(string kind, string keyId, ReadOnlySpan<byte> sealingKey, ReadOnlySpan<byte> payload)
    {
        var header = kind + "." + keyId;
        var sealedLength = SaltSize + payload.Length + TagSize;
        var buffer = sealedLength <= 2048 ? stackalloc byte[sealedLength] : new byte[sealedLength];
        var salt = buffer[..SaltSize];
        RandomNumberGenerator.Fill(salt);
        Span<byte> keyAndNonce = stackalloc byte[HMACSHA512.HashSizeInBytes];
        HMACSHA512.HashData(sealingKey, salt, keyAndNonce);
        Span<byte> aad = stackalloc byte[Encoding.ASCII.GetByteCount(header)];
        Encoding.ASCII.GetBytes(header, aad);
        using (var aes = new AesGcm(keyAndNonce[..AesKeySize], TagSize))
        {
            aes.Encrypt(keyAndNonce.Slice(AesKeySize, NonceSize), payload, buffer.Slice(SaltSize, payload.Length), buffer[^TagSize..], aad);
        }

        CryptographicOperations.ZeroMemory(keyAndNonce);
        var length = header.Length + 1 + Base64Url.GetEncodedLength(sealedLength);
        var chars = length <= 2048 ? stackalloc char[length] : new char[length];
        header.CopyTo(chars);
        chars[header.Length] = '.';
        Base64Url.EncodeToChars(buffer, chars[(header.Length + 1)..]);
        return new string(chars);
    }

    /// <summary>The kind named by a token that looks like ours, before anything is decrypted.</summary>
    public static bool TryReadKind(string token, out string kind)
    {
        kind = token.StartsWith(RefreshTokenKind + ".", StringComparison.Ordinal) ? RefreshTokenKind
            : token.StartsWith(AuthorizationCodeKind + ".", StringComparison.Ordinal) ? AuthorizationCodeKind
            : "";
        return kind.Length > 0;
    }

    /// <summary>Decrypts and authenticates a token; false for anything tampered with, truncated, or under a key no longer held.</summary>
    /// <param name="sealingKeyFor">The sealing key of a key id, or null when the server no longer holds it.</param>
    public static bool TryUnseal(string token, Func<string, byte[]?> sealingKeyFor, out string kind, out byte[] payload)
    {
        payload = [];
        if (token.Length > MaxLength || !TryReadKind(token, out kind))
        {
            kind = "";
            return false;
        }

        var keyEnd = token.IndexOf('.', kind.Length + 1);
        if (keyEnd < 0 || sealingKeyFor(token[(kind.Length + 1)..keyEnd]) is not { } sealingKey)
        {
            return false;
        }

        var data = token.AsSpan(keyEnd + 1);
        var sealedLength = Base64Url.GetMaxDecodedLength(data.Length);
        var buffer = sealedLength <= 2048 ? stackalloc byte[sealedLength] : new byte[sealedLength];
        // The OperationStatus overload: TryDecodeFromChars throws on characters outside the alphabet.
        if (Base64Url.DecodeFromChars(data, buffer, out _, out sealedLength) != OperationStatus.Done || sealedLength < SaltSize + TagSize)
        {
            return false;
        }

        var sealedBytes = buffer[..sealedLength];
        Span<byte> keyAndNonce = stackalloc byte[HMACSHA512.HashSizeInBytes];
        HMACSHA512.HashData(sealingKey, sealedBytes[..SaltSize], keyAndNonce);
        Span<byte> aad = stackalloc byte[keyEnd];
        Encoding.ASCII.GetBytes(token.AsSpan(0, keyEnd), aad);
        var plain = new byte[sealedLength - SaltSize - TagSize];
        try
        {
            using var aes = new AesGcm(keyAndNonce[..AesKeySize], TagSize);
            aes.Decrypt(keyAndNonce.Slice(AesKeySize, NonceSize), sealedBytes[SaltSize..^TagSize], sealedBytes[^TagSize..], plain, aad);
        }
        catch (CryptographicException)
        {
            return false; // AuthenticationTagMismatchException: altered, or sealed under another key
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyAndNonce);
        }

        payload = plain;
        return true;
    }
}
