namespace AuthServer.Core.Documents;

public enum DocumentDirection
{
    Outgoing = 0,
    Incoming = 1,
}
