namespace AuthServer.Core.Participants;

public enum ParticipantRemovalOutcome
{
    Removed,
    NotFound,

    /// <summary>
    /// Documents were sent or received as this participant: they are the account's record of what went
    /// over the network, so the participant stays.
    /// </summary>
    HasDocuments,
}
