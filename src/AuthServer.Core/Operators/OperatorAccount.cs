namespace AuthServer.Core.Operators;

/// <summary>One account as the operator sees it: its people, its participants and whether it is suspended.</summary>
public sealed record OperatorAccount(
    Guid Id,
    string Name,
    DateTime CreatedAt,
    DateTime? SuspendedAt,
    string? SuspensionReason,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<OperatorParticipant> Participants);
