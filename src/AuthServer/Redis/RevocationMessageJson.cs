using System.Text.Json.Serialization;

namespace AuthServer.Redis;

/// <summary>Generated at build time: the first revocation after a start pays no reflection warm-up on either side.</summary>
[JsonSerializable(typeof(RevocationMessage))]
internal sealed partial class RevocationMessageJson : JsonSerializerContext;
