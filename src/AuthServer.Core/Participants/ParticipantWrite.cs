using AuthServer.Core.Validation;

namespace AuthServer.Core.Participants;

public enum ParticipantWriteOutcome
{
    Saved,

    /// <summary>A field breaks the rules: <see cref="ParticipantWrite.Errors"/> names each one.</summary>
    Invalid,

    /// <summary>The peppolId is already registered on this server, in any account and any spelling.</summary>
    PeppolIdTaken,
}

/// <summary>What became of a create or an edit.</summary>
public sealed record ParticipantWrite(ParticipantWriteOutcome Outcome, Participant? Participant = null, FieldErrors? Errors = null);
