using System.Net;
using System.Net.Sockets;

namespace IdentityHost.Throttling;

/// <summary>
/// The client IP as a throttling key: <c>HttpContext.Connection.RemoteIpAddress</c> (behind a proxy, only correct once
/// the forwarded-headers middleware is configured). An IPv6 client is keyed by its /64 prefix: a single host usually
/// holds a whole /64 and could otherwise take a fresh address, and a fresh budget, for every attempt.
/// </summary>
public static class ClientAddress
{
    /// <summary>Requests without a remote address (in-process test hosts) share one key.</summary>
    public const string Unknown = "unknown";

    public static string KeyOf(HttpContext context) => KeyOf(context.Connection.RemoteIpAddress);

    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
