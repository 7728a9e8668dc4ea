namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>
/// <c>Participants:Verification=Automatic</c>, the setting of a single-company install: for tests that create
/// participants through the API or the participants page and need them verified (the default, Operator, has
/// tests of its own).
/// </summary>
public static class AutomaticVerification
{
    public const string Setting = "Participants:Verification";
    public const string Value = "Automatic";
}
