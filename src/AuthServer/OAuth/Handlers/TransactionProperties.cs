namespace AuthServer.OAuth.Handlers;

/// <summary>Transaction properties our handlers share.</summary>
public static class TransactionProperties
{
    /// <summary>The id of the client secret that authenticated the request (a <see cref="Guid"/>).</summary>
    public const string SecretId = "authserver:secret_id";
}
