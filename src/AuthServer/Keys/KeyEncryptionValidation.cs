namespace AuthServer.Keys;

/// <summary>
/// Outside Development the server refuses to start with Data Protection keys unencrypted at rest, unless
/// that is asked for explicitly (SPEC §8); a configured certificate must load.
/// </summary>
public sealed class KeyEncryptionValidation(IHostEnvironment environment) : IValidateOptions<KeyEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyEncryptionOptions options)
    {
        if (options.Certificate?.Path is null && !options.AllowUnencryptedKeys && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail("Data Protection keys would be stored unencrypted in the database, where a backup is enough to " +
                "forge tokens and cookies. Set DataProtection:Certificate:Path to a .pfx (with DataProtection:Certificate:Password) or to a PEM " +
                "certificate with DataProtection:Certificate:KeyPath; or accept the risk with DataProtection:AllowUnencryptedKeys=true.");
        }

        var failures = new List<string>();
        var files = options.PreviousCertificates.Select((c, i) => (File: c, Key: $"{KeyEncryptionOptions.Section}:PreviousCertificates:{i}"));
        if (options.Certificate?.Path is not null)
        {
            files = files.Prepend((options.Certificate, $"{KeyEncryptionOptions.Section}:Certificate"));
        }

        foreach (var (file, key) in files)
        {
            try
            {
                KeyEncryptionCertificates.Load(file, key).Dispose();
            }
            catch (InvalidOperationException exception)
            {
                failures.Add(exception.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
