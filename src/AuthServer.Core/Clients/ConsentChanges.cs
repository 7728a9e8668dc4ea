namespace AuthServer.Core.Clients;

/// <summary>What approving a choice would change in an existing grant: names in words, for the screen.</summary>
public sealed record ConsentChanges(
    IReadOnlyList<string> AddedScopes,
    IReadOnlyList<string> RemovedScopes,
    IReadOnlyList<string> AddedParticipants,
    IReadOnlyList<string> RemovedParticipants)
{
    public bool None => AddedScopes.Count == 0 && RemovedScopes.Count == 0 && AddedParticipants.Count == 0 && RemovedParticipants.Count == 0;
}
