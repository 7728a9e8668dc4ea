using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuthServer.Keys;

/// <summary>
/// The configured key-encryption certificates, loaded once. Validating the options loads them, so a missing
/// file, a wrong password or a certificate without an RSA private key stops the start with the key's name.
/// </summary>
public sealed class KeyEncryptionCertificates(IOptions<KeyEncryptionOptions> options) : IDisposable
{
    private readonly Lazy<(X509Certificate2? Current, X509Certificate2[] All)> _loaded = new(() => Load(options.Value));

    /// <summary>Encrypts new keys; null when none is configured.</summary>
    public X509Certificate2? Current => _loaded.Value.Current;

    /// <summary>Every certificate that may have encrypted a stored key: the current one and the previous ones.</summary>
    public IReadOnlyList<X509Certificate2> All => _loaded.Value.All;

    private static (X509Certificate2?, X509Certificate2[]) Load(KeyEncryptionOptions settings)
    {
        var current = settings.Certificate?.Path is null ? null : Load(settings.Certificate, $"{KeyEncryptionOptions.Section}:Certificate");
        var previous = settings.PreviousCertificates.Select((c, i) => Load(c, $"{KeyEncryptionOptions.Section}:PreviousCertificates:{i}"));
        return (current, [.. (current is null ? previous : previous.Prepend(current))]);
    }

    /// <summary>Loads a certificate or says which setting is wrong.</summary>
    public static X509Certificate2 Load(CertificateFile file, string key)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = file.Path is null ? throw new InvalidOperationException($"{key}:Path is not set.")
                : file.KeyPath is null ? X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password)
                : file.Password is null ? X509Certificate2.CreateFromPemFile(file.Path, file.KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(file.Path, file.Password, file.KeyPath);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{key}: the certificate '{file.Path}' cannot be loaded: {exception.Message}", exception);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{key}: the certificate '{file.Path}' has no RSA private key (Data Protection encrypts keys with RSA).");
        }

        return certificate;
    }

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            foreach (var certificate in _loaded.Value.All)
            {
                certificate.Dispose();
            }
        }
    }
}
