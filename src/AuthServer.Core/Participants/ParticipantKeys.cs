namespace AuthServer.Core.Participants;

/// <summary>The matching keys of one participant, as stored (already normalized by <see cref="IdentifierKey"/>).</summary>
public sealed record ParticipantKeys(Guid Id, string? EuVatIdKey, string? RnKey, string CountryCode);
