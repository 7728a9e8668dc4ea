namespace AuthServer.Core.Keys;

/// <summary>
/// A key the server generated for itself (SPEC §8). The private material is stored protected by
/// ASP.NET Core Data Protection, whose own key ring lives in the same database.
/// </summary>
public sealed class ServerKey
{
    /// <summary>The key id (<c>kid</c>).</summary>
    public required string Id { get; set; }
    public ServerKeyPurpose Purpose { get; set; }
    public required string ProtectedMaterial { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>From then on it is the key in use (signs or encrypts). A signing key is published before.</summary>
    public DateTime ActivatesAt { get; set; }

    /// <summary>From then on the next key is in use; this one still validates or decrypts until <see cref="ExpiresAt"/>.</summary>
    public DateTime RetiresAt { get; set; }

    /// <summary>No token that this key protected can still be valid: it is dropped.</summary>
    public DateTime ExpiresAt { get; set; }
}
