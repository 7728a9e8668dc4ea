using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace AuthServer.Keys;

/// <summary>
/// Encrypts new Data Protection keys with the configured certificate (ASP.NET Core's own XML encryption)
/// and names <see cref="CertificateKeyDecryptor"/> as their decryptor, which finds the certificate among
/// the configured ones. ASP.NET Core's decryptor would look in the machine's certificate store instead,
/// and its list of extra certificates can only be given before configuration is read.
/// </summary>
public sealed class CertificateKeyEncryptor(X509Certificate2 certificate, ILoggerFactory loggers) : IXmlEncryptor
{
    private readonly CertificateXmlEncryptor _inner = new(certificate, loggers);

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(_inner.Encrypt(plaintextElement).EncryptedElement, typeof(CertificateKeyDecryptor));
}
