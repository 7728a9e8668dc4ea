using System.Net;
using System.Net.Sockets;

namespace AuthServer.RateLimiting;

/// <summary>Which client network a request comes from, as the key of the per-network limits.</summary>
public static class ClientNetwork
{
    /// <summary>
    /// IPv4: the address. IPv6: its /64 prefix, because one host is routinely given a whole /64
    /// (RFC 6177), so per-address limits could be dodged by rotating addresses within it.
    /// No address (not over a socket): one shared key, never unlimited.
    /// </summary>
    public static string KeyFor(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
