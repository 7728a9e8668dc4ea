namespace AuthServer.Core.Keys;

/// <summary>Rollover schedule of the server's own keys (configuration section <c>Keys</c>).</summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";

    /// <summary>How long a signing or encryption key is the one in use before the next takes over.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long a retired signing key stays published: access tokens live 60 minutes, so a day covers
    /// every token it signed plus clock skew and caches of the JWKS.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan SigningKeyRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a retired encryption key still decrypts: refresh tokens live up to 30 days unused.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan EncryptionKeyRetention { get; set; } = TimeSpan.FromDays(31);

    /// <summary>How often a running instance looks for keys to roll or created by another instance.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}
