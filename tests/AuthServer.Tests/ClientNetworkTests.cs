using System.Net;
using AuthServer.RateLimiting;

namespace AuthServer.Tests;

public sealed class ClientNetworkTests
{
    [Fact]
    public void KeyFor_IPv4_IsTheAddress() =>
        Assert.Equal("203.0.113.7", ClientNetwork.KeyFor(IPAddress.Parse("203.0.113.7")));

    [Fact]
    public void KeyFor_IPv4MappedIPv6_IsTheIPv4Address() =>
        Assert.Equal("203.0.113.7", ClientNetwork.KeyFor(IPAddress.Parse("::ffff:203.0.113.7")));

    [Fact]
    public void KeyFor_IPv6InSameSlash64_SameKey()
    {
        var a = ClientNetwork.KeyFor(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        var b = ClientNetwork.KeyFor(IPAddress.Parse("2001:db8:1:2::1"));

        Assert.Equal(a, b);
        Assert.Equal("2001:db8:1:2::/64", a);
    }

    [Fact]
    public void KeyFor_IPv6InOtherSlash64_OtherKey() =>
        Assert.NotEqual(ClientNetwork.KeyFor(IPAddress.Parse("2001:db8:1:2::1")), ClientNetwork.KeyFor(IPAddress.Parse("2001:db8:1:3::1")));

    [Fact]
    public void KeyFor_NoAddress_SharedKey() => Assert.Equal("unknown", ClientNetwork.KeyFor(null));
}
