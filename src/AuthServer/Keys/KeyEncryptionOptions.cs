namespace AuthServer.Keys;

/// <summary>
/// How ASP.NET Core Data Protection keys are protected at rest (configuration section <c>DataProtection</c>,
/// SPEC §8). Those keys protect the server's signing, encryption and secret-hashing keys and every cookie,
/// and live in the database: without a certificate a database backup is enough to forge tokens.
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "DataProtection";

    /// <summary>The certificate whose RSA key encrypts every new Data Protection key.</summary>
    public CertificateFile? Certificate { get; set; }

    /// <summary>Certificates used before (still decrypt the keys they encrypted, so a certificate can be replaced).</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];

    /// <summary>Outside Development, start without a certificate anyway (logged as a warning at every start).</summary>
    public bool AllowUnencryptedKeys { get; set; }
}
