namespace AuthServer.Core.Participants;

/// <summary>How new participants are verified (configuration <c>Participants:Verification</c>).</summary>
public enum VerificationMode
{
    /// <summary>A server operator verifies each one at /operator (the default).</summary>
    Operator = 0,

    /// <summary>
    /// Every new or changed participant is verified at once: for a single-company install, where the
    /// people who add participants are the people who run the server, and for tests.
    /// </summary>
    Automatic = 1,
}
