namespace AuthServer.Keys;

/// <summary>A certificate with its RSA private key: a PKCS#12 file (.pfx/.p12), or a PEM certificate with a PEM key.</summary>
public sealed class CertificateFile
{
    /// <summary>The .pfx/.p12 file, or the PEM certificate when <see cref="KeyPath"/> is set.</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key (PKCS#8, optionally encrypted with <see cref="Password"/>).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The .pfx password, or the encrypted PEM key's password.</summary>
    public string? Password { get; set; }
}
