namespace AuthServer.Core.Tokens;

public enum RevocationKind
{
    /// <summary>One token family: a reused refresh token or code, or /revoke.</summary>
    Family = 0,

    /// <summary>Every family started with a deleted client secret.</summary>
    Secret = 1,

    /// <summary>Every family of a revoked Developer Application grant.</summary>
    Grant = 2,

    /// <summary>Every family of a deleted client.</summary>
    Client = 3,
}
