namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>An in-process host whose new participants are verified at once.</summary>
public sealed class AutomaticVerificationFactory : AuthServerFactory
{
    public AutomaticVerificationFactory() => WithSetting(AutomaticVerification.Setting, AutomaticVerification.Value);
}
