namespace AuthServer.Core;

/// <summary>
/// What kind of deployment this server is (configuration <c>Server:Sandbox</c>). Sandbox and production
/// run apart, as Billit's do, and their credentials must never be mistaken for one another: pages carry
/// a "Sandbox" ribbon, and new client secrets say where they belong (<c>sk_test_…</c> in a sandbox,
/// <c>sk_live_…</c> elsewhere), for people and for secret scanners.
/// </summary>
public sealed record Deployment(bool IsSandbox)
{
    public const string SandboxSecretPrefix = "sk_test_";
    public const string LiveSecretPrefix = "sk_live_";

    public string SecretPrefix => IsSandbox ? SandboxSecretPrefix : LiveSecretPrefix;
}
