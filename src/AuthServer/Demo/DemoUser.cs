namespace AuthServer.Demo;

/// <summary>The demo users, by their keys: <c>Demo:UserEmail</c>, <c>Demo:MemberEmail</c>, <c>Demo:OtherAccount:UserEmail</c>.</summary>
public enum DemoUser
{
    Admin,
    Member,
    OtherAccountAdmin,
}
