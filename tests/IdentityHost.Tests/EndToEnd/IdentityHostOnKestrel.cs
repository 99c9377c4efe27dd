using IdentityHost.Tests.Infrastructure;

namespace IdentityHost.Tests.EndToEnd;

public static class IdentityHostOnKestrel
{
    /// <summary>
    /// Starts the host on Kestrel at a free loopback port, with that address as its issuer, so that other real HTTP
    /// clients (a Resources API fetching the JWKS, a test's own HttpClient) reach it; returns the issuer.
    /// </summary>
    public static string StartOnKestrel(this IdentityHostFactory factory)
    {
        var port = FreePort.Next();
        var issuer = $"http://127.0.0.1:{port}";
        factory.Settings["IdentityHost:Issuer"] = issuer;
        factory.UseKestrel(port);
        factory.StartServer();
        return issuer;
    }
}
