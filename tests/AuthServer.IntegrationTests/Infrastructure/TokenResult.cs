using System.Net;

namespace AuthServer.IntegrationTests.Infrastructure;

/// <summary>Token endpoint answer (SPEC §4), or its RFC 6749 error.</summary>
public sealed record TokenResult(HttpStatusCode Status, string? AccessToken, string? RefreshToken, string? Scope, string? Error, string? ErrorDescription);
