using System.Security.Claims;
using Resources.Authentication;

namespace Resources.Authorization;

/// <summary>Reads the scopes an access token grants.</summary>
public static class GrantedScopes
{
    /// <summary>
    /// RFC 9068 §2.2.3: <c>scope</c> is one space-separated string. Several <c>scope</c> claims (an issuer that
    /// wrote a JSON array) are read the same way, so no scope is silently lost.
    /// </summary>
    public static IEnumerable<string> Of(ClaimsPrincipal principal) =>
        principal.FindAll(AccessTokenClaims.Scope)
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Scope values are case-sensitive (RFC 6749 §3.3). Runs on every protected request, so it compares spans of
    /// the claim value instead of allocating the split list.
    /// </summary>
    public static bool Includes(ClaimsPrincipal principal, string scope)
    {
        foreach (var claim in principal.FindAll(AccessTokenClaims.Scope))
        {
            var granted = claim.Value.AsSpan();
            foreach (var range in granted.Split(' '))
            {
                if (granted[range].SequenceEqual(scope))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
