namespace AuthServer.Core.Clients;

/// <summary>
/// One client secret. A client may hold two at once so integrators rotate without downtime.
/// Only a keyed hash is stored: secrets are 256-bit random values, so HMAC-SHA256 with a server key
/// resists offline guessing as well as a slow KDF would, at a cost of microseconds per token request
/// instead of milliseconds (PBKDF2).
/// </summary>
public sealed class ClientSecret
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary>The owning <see cref="OAuthClient"/>'s row id (not its public client_id).</summary>
    public required string ApplicationId { get; set; }
    public OAuthClient? Client { get; set; }

    /// <summary>HMAC-SHA256 of the secret under the server key named by <see cref="HashKeyId"/>.</summary>
    public required byte[] Hash { get; set; }
    public required string HashKeyId { get; set; }

    /// <summary>The first characters of the secret, so a user can tell two secrets apart.</summary>
    public required string Hint { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
