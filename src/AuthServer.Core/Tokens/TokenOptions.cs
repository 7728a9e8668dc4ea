namespace AuthServer.Core.Tokens;

/// <summary>Token settings (configuration section <c>Tokens</c>, SPEC §4).</summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>
    /// A rotated refresh token presented again within this time is taken for a network retry and answered
    /// like the first use; after it, reuse revokes the whole family. Zero: strict rotation (OAuth 2.1), any
    /// second use revokes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RefreshReuseLeeway { get; set; } = TimeSpan.FromSeconds(5);
}
