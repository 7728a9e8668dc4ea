namespace AuthServer.Demo;

/// <summary>
/// One of <c>Demo:Memberships</c>: a demo user in the other demo account. Users and accounts are named by
/// their place in the <c>Demo</c> section, so renaming an account or changing an email keeps them.
/// </summary>
public sealed class DemoMembership
{
    public DemoUser User { get; set; }
    public DemoAccount Account { get; set; }
    public AccountRole Role { get; set; } = AccountRole.Member;
}
