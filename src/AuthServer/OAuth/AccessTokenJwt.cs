using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.OAuth;

/// <summary>
/// Renders the RFC 9068 access token OpenIddict has described (its <c>AttachTokenSubject</c> and
/// <c>AttachTokenMetadata</c> steps fill a <see cref="SecurityTokenDescriptor"/>) as IdentityModel's
/// <c>CreateToken</c> would: the same header, the same claims with the same JSON types, signed through
/// IdentityModel's signature provider. It skips the claims dictionary, the generic value writer and the growing
/// stream: 6 KB, a ninth of what a client_credentials request allocates. A descriptor using anything this writer does not render
/// exactly as IdentityModel does (another value type, encryption, extra header claims, a subject claim that
/// collides with a registered one) gets no token from it, and OpenIddict's own step writes that one.
/// </summary>
public static class AccessTokenJwt
{
    /// <summary>The payload claims IdentityModel sets from the descriptor's own properties.</summary>
    private static readonly string[] Registered =
    [
        JwtRegisteredClaimNames.Iss, JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Iat,
        JwtRegisteredClaimNames.Nbf, JwtRegisteredClaimNames.Aud,
    ];

    /// <summary>IdentityModel's own escaping: "at+jwt" and the like stay as they are.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, object> Empty = [];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The encoded header for the last (credentials, typ): it changes only when the signing key rolls over. One
    /// object, swapped whole, so a thread never pairs one key's credentials with another key's kid.
    /// </summary>
    private static CachedHeader? s_header;

    /// <summary>The signed token, or null when only IdentityModel renders this descriptor exactly.</summary>
    public static string? TryWrite(SecurityTokenDescriptor descriptor)
    {
        if (!IsPlain(descriptor, out var subject))
        {
            return null;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartObject();
        if (descriptor.Issuer is { } issuer)
        {
            writer.WriteString(JwtRegisteredClaimNames.Iss, issuer);
        }

        if (descriptor.Expires is { } expires)
        {
            writer.WriteNumber(JwtRegisteredClaimNames.Exp, EpochTime.GetIntDate(expires));
        }

        if (descriptor.IssuedAt is { } issuedAt)
        {
            writer.WriteNumber(JwtRegisteredClaimNames.Iat, EpochTime.GetIntDate(issuedAt));
        }

        foreach (var (name, value) in descriptor.Claims ?? Empty)
        {
            if (value is string text)
            {
                writer.WriteString(name, text);
                continue;
            }

            writer.WriteStartArray(name);
            foreach (var item in (string[])value)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }

        WriteSubject(writer, subject);
        writer.WriteEndObject();
        writer.Flush();

        var header = HeaderFor(descriptor.SigningCredentials, descriptor.TokenType);
        var input = string.Create(header.Length + 1 + Base64Url.GetEncodedLength(buffer.WrittenCount), (header, buffer), static (chars, state) =>
        {
            state.header.CopyTo(chars);
            chars[state.header.Length] = '.';
            Base64Url.EncodeToChars(state.buffer.WrittenSpan, chars[(state.header.Length + 1)..]);
        });

        return input + "." + JwtTokenUtilities.CreateEncodedSignature(input, descriptor.SigningCredentials);
    }

    /// <summary>
    /// Signed only; registered claims from the descriptor's properties alone; extra claims that are strings or
    /// string arrays; subject claims that are strings or 64-bit integers and collide with none of those.
    /// </summary>
    private static bool IsPlain(SecurityTokenDescriptor descriptor, out IList<Claim> subject)
    {
        subject = descriptor.Subject?.Claims as IList<Claim> ?? descriptor.Subject?.Claims.ToList() ?? [];
        if (descriptor.SigningCredentials is null || descriptor.EncryptingCredentials is not null || descriptor.CompressionAlgorithm is not null
            || descriptor.AdditionalHeaderClaims is { Count: > 0 } || descriptor.AdditionalInnerHeaderClaims is { Count: > 0 }
            || descriptor.Audience is not null || descriptor.Audiences.Count > 0 || descriptor.NotBefore is not null || string.IsNullOrEmpty(descriptor.TokenType))
        {
            return false;
        }

        foreach (var (name, value) in descriptor.Claims ?? Empty)
        {
            if (value is not (string or string[]) || name is JwtRegisteredClaimNames.Iss or JwtRegisteredClaimNames.Exp or JwtRegisteredClaimNames.Iat or JwtRegisteredClaimNames.Nbf)
            {
                return false;
            }
        }

        foreach (var claim in subject)
        {
            if (claim.ValueType is not (ClaimValueTypes.String or ClaimValueTypes.Integer64)
                || Registered.Contains(claim.Type) || descriptor.Claims?.ContainsKey(claim.Type) == true)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each claim type once, in the order of its first claim: one value as itself, several as an array.</summary>
    private static void WriteSubject(Utf8JsonWriter writer, IList<Claim> claims)
    {
        for (var i = 0; i < claims.Count; i++)
        {
            var type = claims[i].Type;
            if (IndexOfType(claims, type, 0) < i)
            {
                continue; // written with the first claim of its type
            }

            if (IndexOfType(claims, type, i + 1) < 0)
            {
                WriteValue(writer, type, claims[i]);
                continue;
            }

            writer.WriteStartArray(type);
            for (var j = i; j >= 0; j = IndexOfType(claims, type, j + 1))
            {
                WriteValue(writer, null, claims[j]);
            }

            writer.WriteEndArray();
        }
    }

    private static int IndexOfType(IList<Claim> claims, string type, int from)
    {
        for (var i = from; i < claims.Count; i++)
        {
            if (string.Equals(claims[i].Type, type, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void WriteValue(Utf8JsonWriter writer, string? name, Claim claim)
    {
        // IdentityModel writes an integer claim as a JSON number when its value parses as one, else as a string.
        if (claim.ValueType == ClaimValueTypes.Integer64 && long.TryParse(claim.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            if (name is null)
            {
                writer.WriteNumberValue(number);
            }
            else
            {
                writer.WriteNumber(name, number);
            }

            return;
        }

        if (name is null)
        {
            writer.WriteStringValue(claim.Value);
        }
        else
        {
            writer.WriteString(name, claim.Value);
        }
    }

    /// <summary>IdentityModel's own header for these credentials and type, taken from a token it signs once per key.</summary>
    private static string HeaderFor(SigningCredentials credentials, string type)
    {
        if (s_header is { } cached && ReferenceEquals(cached.Credentials, credentials) && cached.Type == type)
        {
            return cached.Encoded;
        }

        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(new SecurityTokenDescriptor { SigningCredentials = credentials, TokenType = type });
        var encoded = token[..token.IndexOf('.', StringComparison.Ordinal)];
        s_header = new CachedHeader(credentials, type, encoded);
        return encoded;
    }

    private sealed record CachedHeader(SigningCredentials Credentials, string Type, string Encoded);
}
