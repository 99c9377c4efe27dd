using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// One of the real hosts on Kestrel at <c>http://127.0.0.1:{port}</c>, configured only by <see cref="Settings"/>
/// (the root appsettings.json is not read), so a browser can reach it.
/// </summary>
public sealed class KestrelHost<TMarker> : WebApplicationFactory<TMarker> where TMarker : class
{
    public KestrelHost(Dictionary<string, string?> settings, int port)
    {
        Settings = settings;
        Port = port;
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    public Dictionary<string, string?> Settings { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            config.Sources.Clear();
            config.AddInMemoryCollection(Settings);
        });
    }
}

public static class FreePort
{
    /// <summary>A loopback port free right now: URLs must be known (and registered) before the hosts start.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
