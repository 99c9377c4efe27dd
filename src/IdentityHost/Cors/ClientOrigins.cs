namespace IdentityHost.Cors;

/// <summary>The web origin (RFC 6454 §4) of a client's redirect URI: what a browser sends as <c>Origin</c>.</summary>
public static class ClientOrigins
{
    /// <summary>
    /// <c>scheme://host[:port]</c> of an <c>http</c>/<c>https</c> redirect URI, host in lower case and punycode, the
    /// port only when it is not the scheme's default. Other schemes (native apps' private-use schemes) have no web
    /// origin.
    /// </summary>
    public static bool TryGetOrigin(string redirectUri, out string origin)
    {
        origin = "";
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            return false;
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        origin = uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
        return true;
    }
}
