using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Accounts;

/// <summary>A signed-in browser session: who, since when (<c>auth_time</c>), which session (<c>sid</c>), and how.</summary>
public sealed record SessionInfo(ApplicationUser User, DateTime AuthTime, string SessionId);

/// <summary>
/// The browser session, kept in Identity's application cookie. Every sign-in issues a new cookie with a new session
/// id (no fixation), and records the time and method of authentication for OIDC's <c>auth_time</c> and <c>amr</c>.
/// </summary>
public sealed class BrowserSession(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    TimeProvider time,
    RandomNumberGenerator random)
{
    /// <summary>Claims carried in the cookie beyond Identity's own; kept when the security stamp is re-validated.</summary>
    public static readonly string[] SessionClaimTypes = [Claims.AuthTime, Claims.SessionId, Claims.AuthenticationMethods, Claims.IdentityProvider];

    /// <param name="method">RFC 8176 method, e.g. <c>pwd</c>.</param>
    public async Task SignInAsync(ApplicationUser user, string method, string? identityProvider = null)
    {
        Span<byte> sid = stackalloc byte[16];
        random.GetBytes(sid);
        var claims = new List<Claim>
        {
            new(Claims.AuthTime, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new(Claims.SessionId, WebEncoders.Base64UrlEncode(sid)),
            new(Claims.AuthenticationMethods, method),
        };
        if (identityProvider is not null) claims.Add(new Claim(Claims.IdentityProvider, identityProvider));
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);
    }

    public Task SignOutAsync() => signIn.SignOutAsync();

    /// <summary>The current session, or null when there is none or its user may no longer sign in.</summary>
    public async Task<SessionInfo?> GetAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            return null;
        }
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user)
            || !long.TryParse(principal.FindFirstValue(Claims.AuthTime), CultureInfo.InvariantCulture, out var authTime)
            || principal.FindFirstValue(Claims.SessionId) is not { } sessionId)
        {
            return null;
        }
        return new SessionInfo(user, DateTimeOffset.FromUnixTimeSeconds(authTime).UtcDateTime, sessionId);
    }
}
