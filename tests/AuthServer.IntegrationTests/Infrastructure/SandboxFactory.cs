namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>A host started with <c>Server:Sandbox=true</c>.</summary>
public sealed class SandboxFactory : AuthServerFactory
{
    public SandboxFactory() => WithSetting("Server:Sandbox", "true");
}
