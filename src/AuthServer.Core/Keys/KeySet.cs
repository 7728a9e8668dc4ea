using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Core.Keys;

/// <summary>The keys in force at one moment; immutable, swapped whole when keys roll.</summary>
public sealed record KeySet(
    SigningCredentials ActiveSigning,
    ImmutableArray<SecurityKey> PublishedSigningKeys,
    SymmetricSecurityKey ActiveEncryption,
    ImmutableArray<SymmetricSecurityKey> DecryptionKeys,
    ImmutableDictionary<string, byte[]> SecretHashKeys,
    string ActiveSecretHashKeyId)
{
    /// <summary>The active encryption key as OpenIddict uses it (A256KW + A256CBC-HS512), built once per set.</summary>
    public EncryptingCredentials ActiveEncrypting { get; } =
        new(ActiveEncryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512);

    /// <summary>Keys that seal refresh tokens and codes (<see cref="Tokens.SealedToken"/>), by encryption key id.</summary>
    public ImmutableDictionary<string, byte[]> SealingKeys { get; } =
        DecryptionKeys.ToImmutableDictionary(k => k.KeyId, k => Tokens.SealedToken.DeriveSealingKey(k.Key), StringComparer.Ordinal);

    /// <summary>Identifies the set: it changes exactly when a key is added, activated or dropped.</summary>
    public string Fingerprint { get; } =
        string.Join(',', PublishedSigningKeys.Select(k => k.KeyId)) + "|" + ActiveSigning.Key.KeyId + "|" +
        string.Join(',', DecryptionKeys.Select(k => k.KeyId)) + "|" + ActiveEncryption.KeyId + "|" +
        string.Join(',', SecretHashKeys.Keys.Order(StringComparer.Ordinal));
}
