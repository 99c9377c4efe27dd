namespace Resources.Authorization;

/// <summary><c>WWW-Authenticate</c> values of RFC 6750 §3.</summary>
internal static class BearerChallenge
{
    public const string InsufficientScopeError = "insufficient_scope";

    /// <summary>
    /// RFC 6750 §3.1: 403 with <c>error="insufficient_scope"</c>, and §3: <c>scope</c> lists, space-separated, the
    /// scopes needed to access the resource. Scope tokens cannot contain quotes or backslashes (RFC 6749 §3.3).
    /// </summary>
    public static string InsufficientScope(IEnumerable<string> requiredScopes) =>
        $"Bearer error=\"{InsufficientScopeError}\", scope=\"{string.Join(' ', requiredScopes)}\"";
}
