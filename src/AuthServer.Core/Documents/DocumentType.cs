namespace AuthServer.Core.Documents;

public enum DocumentType
{
    Invoice = 0,
    CreditNote = 1,
}
