namespace AuthServer.Identity;

/// <summary>
/// A password hash that belongs to no one, made with the configured hasher: verifying a password against it
/// costs what checking a real account costs, for the paths that have no account to check (no user enumeration).
/// </summary>
public sealed class DecoyPassword
{
    private static readonly AppUser Nobody = new();
    private string? _hash;

    public void Verify(UserManager<AppUser> users, string password)
    {
        var hash = _hash ??= users.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        _ = users.PasswordHasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
