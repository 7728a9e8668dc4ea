namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>A host whose public origin is configured: mailed links must come from it, never from the request.</summary>
public sealed class PublicOriginFactory : AuthServerFactory
{
    public const string Origin = "https://auth.example/";

    public PublicOriginFactory() => WithSetting("Auth:Issuer", Origin);
}
