using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AuthServer.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// Issue 11 item 4 (SPEC §8): Data Protection keys, which protect the server's signing and encryption keys,
/// are stored encrypted with a configured certificate, so a copy of the database alone forges nothing.
/// </summary>
public sealed class KeysAtRestTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("authserver-cert-").FullName;

    [Fact]
    public async Task PemCertificate_KeysEncryptedInDatabase_ReadAfterRestart_UselessWithoutIt()
    {
        var (certificate, key) = WritePem();
        string refreshToken;
        TestDatabase database;
        await using (var first = WithCertificate(new ProductionAuthServerFactory(), ("Path", certificate), ("KeyPath", key)))
        {
            await first.SeedDemoAsync();
            using var client = first.CreatePublicClient();
            refreshToken = (await ClientCredentialsAsync(client)).RefreshToken;
            database = first.Database;

            var xml = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
            var stored = Assert.Single(xml);
            Assert.Contains("<encryptedSecret decryptorType=\"AuthServer.Keys.CertificateKeyDecryptor", stored, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", stored, StringComparison.Ordinal);

            // A restart with the certificate reads its keys: the refresh token issued before still works.
            await using var restarted = WithCertificate(new ProductionAuthServerFactory(database), ("Path", certificate), ("KeyPath", key));
            using var again = restarted.CreatePublicClient();
            Assert.Equal(HttpStatusCode.OK, (await RenewAsync(again, refreshToken)).Status);

            // Without it (unencrypted keys allowed, as someone holding a backup would try), nothing can be read.
            await using var withoutCertificate = new ProductionAuthServerFactory(database);
            var failure = Assert.ThrowsAny<Exception>(() => withoutCertificate.CreateClient());
            Assert.Contains("certificate", failure.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task PfxCertificateWithPassword_KeysEncrypted()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa);
        var path = Path.Combine(_folder, "keys.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
        await using var factory = WithCertificate(new ProductionAuthServerFactory(), ("Path", path), ("Password", "pfx-password"));

        await factory.SeedDemoAsync();

        var stored = Assert.Single(await factory.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()));
        Assert.Contains("CertificateKeyDecryptor", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateThatCannotBeLoaded_StartRefusedNamingTheKey()
    {
        await using var factory = WithCertificate(new ProductionAuthServerFactory(), ("Path", Path.Combine(_folder, "missing.pfx")));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("DataProtection:Certificate", failure.ToString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    private static ProductionAuthServerFactory WithCertificate(ProductionAuthServerFactory factory, params (string Key, string Value)[] settings)
    {
        factory.WithSetting("DataProtection:AllowUnencryptedKeys", "false");
        foreach (var (key, value) in settings)
        {
            factory.WithSetting("DataProtection:Certificate:" + key, value);
        }

        return factory;
    }

    private (string Certificate, string Key) WritePem()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = SelfSigned(rsa);
        var certificatePath = Path.Combine(_folder, "keys.crt");
        var keyPath = Path.Combine(_folder, "keys.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private static X509Certificate2 SelfSigned(RSA rsa) =>
        new CertificateRequest("CN=authserver-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
