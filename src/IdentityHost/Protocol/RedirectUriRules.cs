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
        // Uri.TryCreate would trim surrounding spaces, and the stored value would then never match by string.
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
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
        // RFC 8252 §8.3 / RFC 9700 §2.1: plain http only on this machine (loopback IPs, and localhost for development).
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            return $"redirect URI '{value}' uses http on a host that is not a loopback address";
        }
        return null;
    }

    /// <summary>
    /// A requested redirect URI matches a registered one by simple string comparison (RFC 9700 §4.1.3), except that
    /// for loopback IP literals the port may differ: native apps listen on whatever port is free (RFC 8252 §7.3).
    /// </summary>
    public static bool Matches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
        {
            return true;
        }
        if (!Uri.TryCreate(registered, UriKind.Absolute, out var expected) || !Uri.TryCreate(requested, UriKind.Absolute, out var actual)
            || expected.Scheme != Uri.UriSchemeHttp || actual.Scheme != Uri.UriSchemeHttp
            || !IsLoopbackLiteral(expected) || !IsLoopbackLiteral(actual))
        {
            return false;
        }
        // Everything but the port must still be identical, as written.
        return string.Equals(WithoutPort(registered), WithoutPort(requested), StringComparison.Ordinal);
    }

    /// <summary><c>http://host:port/rest</c> → <c>http://host/rest</c>, textually (no normalisation).</summary>
    private static string WithoutPort(string httpUri)
    {
        const string prefix = "http://";
        var rest = httpUri[prefix.Length..];
        var end = rest.IndexOfAny(['/', '?']);
        if (end < 0) end = rest.Length;
        var authority = rest[..end];
        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']') + 1)] : authority.Split(':')[0];
        return prefix + host + rest[end..];
    }

    /// <summary>RFC 8252 §7.3 / §8.3: loopback IP literals (not <c>localhost</c>).</summary>
    public static bool IsLoopbackLiteral(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && uri.IsLoopback;
}
