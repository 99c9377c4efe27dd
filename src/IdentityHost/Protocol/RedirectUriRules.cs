namespace IdentityHost.Protocol;

/// <summary>What a client may register as a redirect URI (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1).</summary>
public static class RedirectUriRules
{
    private static readonly HashSet<string> ForbiddenSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "data", "vbscript", "file", "about", "blob",
    };

    /// <summary>Returns why <paramref name="value"/> cannot be registered, or null when it can.</summary>
    public static string? Validate(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return $"redirect URI '{value}' is not an absolute URI";
        }
        // RFC 6749 §3.1.2: the endpoint URI MUST NOT include a fragment component.
        if (value.Contains('#'))
        {
            return $"redirect URI '{value}' has a fragment";
        }
        if (ForbiddenSchemes.Contains(uri.Scheme))
        {
            return $"redirect URI '{value}' uses the forbidden scheme '{uri.Scheme}'";
        }
        // RFC 8252 §8.3 / RFC 9700 §2.1: plain http only for loopback redirects of native apps.
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopbackLiteral(uri))
        {
            return $"redirect URI '{value}' uses http on a host that is not a loopback address";
        }
        return null;
    }

    /// <summary>RFC 8252 §7.3 / §8.3: loopback IP literals (not <c>localhost</c>).</summary>
    public static bool IsLoopbackLiteral(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && uri.IsLoopback;
}
