using System.Net;
using System.Net.Sockets;

namespace IdentityHost.Tests.EndToEnd;

internal static class FreePort
{
    /// <summary>A loopback port free right now: the issuer URL must be known before the host starts.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
