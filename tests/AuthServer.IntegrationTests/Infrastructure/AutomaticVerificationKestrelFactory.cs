namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// A browser host with <c>Participants:Verification=Automatic</c>: for journeys written before verification
/// existed, whose participants added on the page must take part at once. Operator verification has its own tests.
/// </summary>
public sealed class AutomaticVerificationKestrelFactory() : KestrelAuthServerFactory(new Dictionary<string, string?>
{
    [AutomaticVerification.Setting] = AutomaticVerification.Value,
});
