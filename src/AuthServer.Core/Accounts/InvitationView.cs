namespace AuthServer.Core.Accounts;

/// <summary>An invitation as the members page, the link's page and the invitee's home page show it.</summary>
public sealed record InvitationView(
    Guid Id,
    Guid AccountId,
    string AccountName,
    string Email,
    AccountRole Role,
    string InvitedBy,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    InvitationStatus Status);
