using System.Text.Json.Serialization;

namespace AuthServer.Hosting;

/// <summary>The body of an RFC 6749 §5.2 error response (<see cref="OAuthErrors"/>).</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
