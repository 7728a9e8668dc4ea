using System.Text.Json.Serialization;

namespace AuthServer.Hosting;

/// <summary>Source-generated serialization of <see cref="OAuthError"/>: no reflection on the error path.</summary>
[JsonSerializable(typeof(OAuthError))]
internal sealed partial class OAuthErrorJson : JsonSerializerContext;
