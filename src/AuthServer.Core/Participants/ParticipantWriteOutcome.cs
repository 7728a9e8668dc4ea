namespace AuthServer.Core.Participants;

public enum ParticipantWriteOutcome
{
    Saved,

    /// <summary>A field breaks the rules: <see cref="ParticipantWrite.Errors"/> names each one.</summary>
    Invalid,

    /// <summary>
    /// The peppolId is held by a verified participant (of any account), or already by another participant of the
    /// same account, in any spelling.
    /// </summary>
    PeppolIdTaken,
}
