namespace AuthServer.Core.Documents;

public enum DocumentStatus
{
    /// <summary>Outgoing documents: handed to the network.</summary>
    Sent = 0,

    /// <summary>Incoming, not yet processed by the receiver.</summary>
    New = 1,

    /// <summary>Incoming, marked processed.</summary>
    Processed = 2,
}
