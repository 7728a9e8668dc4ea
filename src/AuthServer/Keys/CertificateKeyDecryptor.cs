using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace AuthServer.Keys;

/// <summary>Decrypts keys encrypted by <see cref="CertificateKeyEncryptor"/> with the configured certificates.</summary>
/// <remarks>Created by Data Protection from the type name stored with each key, with the service provider.</remarks>
public sealed class CertificateKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var certificates = services.GetRequiredService<KeyEncryptionCertificates>().All;
        var document = new XmlDocument { PreserveWhitespace = true };
        using (var reader = new XElement("root", encryptedElement).CreateReader())
        {
            document.Load(reader);
        }

        new ConfiguredCertificatesXml(document, certificates).DecryptDocument();
        return XElement.Load(new XmlNodeReader(document.DocumentElement!.FirstChild!));
    }

    /// <summary>EncryptedXml that unwraps the content key with the configured certificate the key names.</summary>
    private sealed class ConfiguredCertificatesXml(XmlDocument document, IReadOnlyList<X509Certificate2> certificates) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey)
        {
            foreach (var clause in encryptedKey.KeyInfo)
            {
                if (clause is not KeyInfoX509Data data || data.Certificates is null)
                {
                    continue;
                }

                foreach (X509Certificate2 named in data.Certificates)
                {
                    var configured = certificates.FirstOrDefault(c => c.Thumbprint == named.Thumbprint);
                    using var rsa = configured?.GetRSAPrivateKey();
                    if (rsa is not null)
                    {
                        return DecryptKey(encryptedKey.CipherData.CipherValue!, rsa, encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl);
                    }
                }
            }

            throw new CryptographicException(
                "A Data Protection key is encrypted with a certificate that is not configured: add it to DataProtection:PreviousCertificates.");
        }
    }
}
