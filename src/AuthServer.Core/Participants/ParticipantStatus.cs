namespace AuthServer.Core.Participants;

/// <summary>
/// Whether the server vouches for a participant (SPEC §2): a company claims a Peppol ID, an operator checks
/// that it owns it (as an access point must before registering it on the network), and only then does the
/// participant take part: found by lookups, sending, receiving, approvable on consent.
/// </summary>
public enum ParticipantStatus
{
    /// <summary>Claimed, not checked yet: takes no part in the network.</summary>
    Pending = 0,

    Verified = 1,

    /// <summary>An operator refused the claim, with a reason the account sees.</summary>
    Rejected = 2,
}

