namespace AuthServer.Core.Participants;

/// <summary>Participant settings (configuration section <c>Participants</c>).</summary>
public sealed class ParticipantsOptions
{
    public const string Section = "Participants";

    public VerificationMode Verification { get; set; } = VerificationMode.Operator;
}
