namespace AuthServer.Core.Accounts;

public sealed record InviteResult(InviteOutcome Outcome, Invitation? Invitation = null, string? Token = null);
