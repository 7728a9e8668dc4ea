namespace AuthServer.Core.Clients;

public enum ClientKind
{
    /// <summary>Settings / API Key: one per account, acts for the whole account (methods 1 and 2).</summary>
    ApiKey = 0,

    /// <summary>A third-party app registered at /developers, authorized per account (method 3).</summary>
    DeveloperApp = 1,
}
