using System.Buffers;
using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth;

/// <summary>
/// What a sealed refresh token or code carries: every claim of the principal OpenIddict prepared for it
/// (type, value, and the value type when not a plain string) and the claims' destinations, as compact
/// JSON: <c>{"c":[[type,value(,valueType)],…],"d":{type:[destination,…],…}}</c>. The token's kind is
/// not in it: it is the sealed header, authenticated with it.
/// </summary>
public static class SealedTokenPayload
{
    public static byte[] Write(ClaimsPrincipal principal)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
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
                if (claim.ValueType != ClaimValueTypes.String)
                {
                    writer.WriteStringValue(claim.ValueType);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            var destinations = principal.GetDestinations();
            if (destinations.Count > 0)
            {
                writer.WriteStartObject("d"u8);
                foreach (var (type, values) in destinations)
                {
                    writer.WriteStartArray(type);
                    foreach (var value in values)
                    {
                        writer.WriteStringValue(value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <returns>The principal, or null when the payload is not one <see cref="Write"/> produced.</returns>
    public static ClaimsPrincipal? TryRead(ReadOnlySpan<byte> payload, TokenValidationParameters parameters)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            var claims = new List<Claim>(24);
            var destinations = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("c"u8))
                {
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (Next(ref reader) == JsonTokenType.StartArray)
                    {
                        var type = ReadString(ref reader);
                        var value = ReadString(ref reader);
                        var valueType = Next(ref reader) == JsonTokenType.String ? reader.GetString()! : null;
                        if (valueType is not null)
                        {
                            Expect(ref reader, JsonTokenType.EndArray);
                        }
                        else if (reader.TokenType != JsonTokenType.EndArray)
                        {
                            return null;
                        }

                        claims.Add(new Claim(type, value, valueType ?? ClaimValueTypes.String));
                    }
                }
                else if (reader.ValueTextEquals("d"u8))
                {
                    Expect(ref reader, JsonTokenType.StartObject);
                    while (Next(ref reader) == JsonTokenType.PropertyName)
                    {
                        var type = reader.GetString()!;
                        Expect(ref reader, JsonTokenType.StartArray);
                        var values = ImmutableArray.CreateBuilder<string>();
                        while (Next(ref reader) == JsonTokenType.String)
                        {
                            values.Add(reader.GetString()!);
                        }

                        destinations[type] = values.ToImmutable();
                    }
                }
                else
                {
                    return null;
                }
            }

            var identity = new ClaimsIdentity(claims, parameters.AuthenticationType ?? TokenValidationParameters.DefaultAuthenticationType,
                parameters.NameClaimType, parameters.RoleClaimType);
            var principal = new ClaimsPrincipal(identity);
            return destinations.Count > 0 ? principal.SetDestinations(destinations.ToImmutable()) : principal;
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
