using System.Buffers.Binary;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthServer.Api;

/// <summary>
/// A keyset position: the (createdAt, id) of the last item of the previous page. Lists are ordered by
/// that pair, so a page never repeats or skips an item because others were added meanwhile, and each
/// page is an index range, however deep. Opaque to clients: base64url of ticks and id.
/// </summary>
public readonly record struct Cursor(DateTime CreatedAt, Guid Id)
{
    private const int Length = sizeof(long) + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CreatedAt.Ticks);
        Id.TryWriteBytes(bytes[sizeof(long)..]);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static Cursor? TryDecode(string value)
    {
        try
        {
            var bytes = WebEncoders.Base64UrlDecode(value);
            if (bytes.Length != Length)
            {
                return null;
            }

            var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
            return ticks is < 0 or > 3155378975999999999 // DateTime.MaxValue.Ticks
                ? null
                : new Cursor(new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes.AsSpan(sizeof(long))));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
