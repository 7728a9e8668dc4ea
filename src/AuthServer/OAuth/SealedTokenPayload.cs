using System.Buffers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>
/// What a sealed refresh token or code carries: every claim of the principal OpenIddict prepared for it, as
/// compact JSON <c>{"c":[claim,…]}</c> where a claim is <c>[type, value]</c>, then only as far as needed: its
/// value type (null for a plain string), its destinations (OpenIddict's own JSON array, verbatim), and any
/// other properties. The token's kind is not in it: it is the sealed header, authenticated with it.
/// </summary>
public static class SealedTokenPayload
{
    private const string DestinationsProperty = OpenIddictConstants.Properties.Destinations;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The payload of a principal, in a buffer of the calling thread: valid until its next call.</summary>
    public static ReadOnlySpan<byte> Write(ClaimsPrincipal principal)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(2048);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteStartArray("c"u8);
        foreach (var claim in principal.Claims)
        {
            if (claim.Type == Claims.Private.TokenType)
            {
                continue;
            }

            writer.WriteStartArray();
            writer.WriteStringValue(claim.Type);
            writer.WriteStringValue(claim.Value);
            var properties = claim.Properties;
            var destinations = properties.TryGetValue(DestinationsProperty, out var d) ? d : null;
            var others = properties.Count - (destinations is null ? 0 : 1);
            if (claim.ValueType != ClaimValueTypes.String || destinations is not null || others > 0)
            {
                if (claim.ValueType == ClaimValueTypes.String)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(claim.ValueType);
                }
            }

            if (destinations is not null || others > 0)
            {
                if (destinations is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteRawValue(destinations); // validated: it must be the JSON array OpenIddict wrote
                }
            }

            if (others > 0)
            {
                writer.WriteStartObject();
                foreach (var (name, value) in properties)
                {
                    if (name != DestinationsProperty)
                    {
                        writer.WriteString(name, value);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan;
    }

    /// <returns>The principal, or null when the payload is not one <see cref="Write"/> produced.</returns>
    public static ClaimsPrincipal? TryRead(ReadOnlySpan<byte> payload, TokenValidationParameters parameters)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            var claims = new List<Claim>(24);
            Expect(ref reader, JsonTokenType.StartObject);
            Expect(ref reader, JsonTokenType.PropertyName);
            if (!reader.ValueTextEquals("c"u8))
            {
                return null;
            }

            Expect(ref reader, JsonTokenType.StartArray);
            while (Next(ref reader) == JsonTokenType.StartArray)
            {
                var type = ReadString(ref reader);
                var value = ReadString(ref reader);
                var next = Next(ref reader);
                var valueType = ClaimValueTypes.String;
                if (next is JsonTokenType.String or JsonTokenType.Null)
                {
                    valueType = next == JsonTokenType.String ? reader.GetString()! : valueType;
                    next = Next(ref reader);
                }

                var claim = new Claim(type, value, valueType);
                if (next is JsonTokenType.StartArray or JsonTokenType.Null)
                {
                    if (next == JsonTokenType.StartArray)
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        claim.Properties[DestinationsProperty] = Encoding.UTF8.GetString(payload[start..(int)reader.BytesConsumed]);
                    }

                    next = Next(ref reader);
                }

                if (next == JsonTokenType.StartObject)
                {
                    while (Next(ref reader) == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString()!;
                        claim.Properties[name] = ReadString(ref reader);
                    }

                    next = Next(ref reader);
                }

                if (next != JsonTokenType.EndArray)
                {
                    return null;
                }

                claims.Add(claim);
            }

            Expect(ref reader, JsonTokenType.EndObject);
            return new ClaimsPrincipal(new ClaimsIdentity(claims, parameters.AuthenticationType ?? TokenValidationParameters.DefaultAuthenticationType,
                parameters.NameClaimType, parameters.RoleClaimType));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("Unexpected end of the payload.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"Expected {type}.");
        }
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }
}
