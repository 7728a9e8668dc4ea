namespace AuthServer.Core.Accounts;

/// <summary>Where an invitation stands, as its link's page and the members page show it.</summary>
public enum InvitationStatus
{
    Pending,
    Expired,
    Accepted,
    Revoked,
}
