namespace AuthServer.Core.Accounts;

public enum AccountRole
{
    Member = 0,
    Admin = 1,
}
