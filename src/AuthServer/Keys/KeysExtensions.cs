using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace AuthServer.Keys;

public static partial class KeysExtensions
{
    /// <summary>
    /// The periodic rollover check of the server's managed keys (SPEC §8; the ring itself is Core's
    /// <c>AddKeys</c>), and the certificate that keeps the Data Protection keys protecting them encrypted at rest.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<KeyRotationService>();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddOptions<KeyEncryptionOptions>().BindConfiguration(KeyEncryptionOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyEncryptionOptions>, KeyEncryptionValidation>();
        builder.Services.AddSingleton<KeyEncryptionCertificates>();
        // Read when Data Protection first builds its options, so late configuration sources are honoured.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<KeyEncryptionCertificates, ILoggerFactory>((options, certificates, loggers) =>
        {
            if (certificates.Current is { } certificate)
            {
                options.XmlEncryptor = new CertificateKeyEncryptor(certificate, loggers);
            }
        });
        return builder;
    }

    /// <summary>Says at every start when keys are stored unencrypted outside Development, as it was allowed explicitly.</summary>
    public static void WarnIfKeysUnencrypted(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && app.Services.GetRequiredService<KeyEncryptionCertificates>().Current is null)
        {
            LogKeysUnencrypted(app.Logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys are stored unencrypted (DataProtection:AllowUnencryptedKeys=true): " +
        "a copy of the database is enough to forge tokens and cookies. Configure DataProtection:Certificate.")]
    private static partial void LogKeysUnencrypted(ILogger logger);
}
