namespace AuthServer.Core.Clients;

/// <param name="Requested">Asked for by this request (or the client's default when it asked for none).</param>
/// <param name="Granted">Already in the account's grant for this app.</param>
public sealed record OfferedScope(string Name, bool Requested, bool Granted);
