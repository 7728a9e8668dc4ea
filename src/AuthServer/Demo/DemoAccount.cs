namespace AuthServer.Demo;

/// <summary>The demo accounts, by their keys: <c>Demo:AccountName</c> and <c>Demo:OtherAccount</c>.</summary>
public enum DemoAccount
{
    Demo,
    OtherAccount,
}
