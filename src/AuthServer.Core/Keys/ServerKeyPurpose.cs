namespace AuthServer.Core.Keys;

public enum ServerKeyPurpose
{
    /// <summary>ES256 (P-256) key that signs access tokens; published in the JWKS.</summary>
    Signing = 0,

    /// <summary>AES-256 key that encrypts refresh tokens and authorization codes.</summary>
    Encryption = 1,

    /// <summary>HMAC-SHA256 key for client secret hashes.</summary>
    SecretHashing = 2,
}
