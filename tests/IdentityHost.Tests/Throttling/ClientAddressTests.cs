using System.Net;
using IdentityHost.Throttling;

namespace IdentityHost.Tests.Throttling;

/// <summary>Which requests share a client-IP budget.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    // A dual-stack socket reports IPv4 clients as IPv4-mapped IPv6: the same client, the same key.
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    // One IPv6 host usually holds a whole /64: every address in it shares the budget.
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void KeyOf_GroupsAddressesOfOneClient(string address, string key) =>
        Assert.Equal(key, ClientAddress.KeyOf(IPAddress.Parse(address)));

    [Fact]
    public void KeyOf_DifferentIpv6Prefixes_AreDifferentClients() =>
        Assert.NotEqual(ClientAddress.KeyOf(IPAddress.Parse("2001:db8:1:2::1")), ClientAddress.KeyOf(IPAddress.Parse("2001:db8:1:3::1")));
}
