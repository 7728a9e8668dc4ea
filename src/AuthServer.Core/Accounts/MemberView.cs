namespace AuthServer.Core.Accounts;

/// <summary>One member of an account as the members page lists them.</summary>
public sealed record MemberView(string UserId, string Email, AccountRole Role, DateTime JoinedAt);
