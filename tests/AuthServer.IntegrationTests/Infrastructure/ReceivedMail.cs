using MimeKit;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>A message as it arrived: parsed by MimeKit, and the raw bytes the client sent.</summary>
public sealed record ReceivedMail(MimeMessage Message, string Raw, string? AuthenticatedUser);
