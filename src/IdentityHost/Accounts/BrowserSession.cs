using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using IdentityHost.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Accounts;

/// <summary>A signed-in browser session: who, since when (<c>auth_time</c>), which session (<c>sid</c>), and how
/// (<c>amr</c>, and <c>idp</c> when a provider such as GitHub authenticated the user).</summary>
public sealed record SessionInfo(ApplicationUser User, DateTime AuthTime, string SessionId,
    string? AuthenticationMethod = null, string? IdentityProvider = null);

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

    /// <summary>Re-issues the cookie of the current session (same sid, auth_time, amr, idp) for the user's new security
    /// stamp, after a change that updates it (unlinking a login): otherwise the stamp check would end this session too.</summary>
    public async Task RefreshAsync(HttpContext context, ApplicationUser user)
    {
        var result = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            return;
        }
        var claims = principal.Claims.Where(c => SessionClaimTypes.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value)).ToList();
        await signIn.SignInWithClaimsAsync(user, result.Properties, claims);
    }

    /// <summary>The current session, or null when there is none or its user may no longer sign in.</summary>
    public async Task<SessionInfo?> GetAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            return null;
        }
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user) || !HasCurrentSecurityStamp(principal, user)
            || !long.TryParse(principal.FindFirstValue(Claims.AuthTime), CultureInfo.InvariantCulture, out var authTime)
            || principal.FindFirstValue(Claims.SessionId) is not { } sessionId)
        {
            return null;
        }
        return new SessionInfo(user, DateTimeOffset.FromUnixTimeSeconds(authTime).UtcDateTime, sessionId,
            principal.FindFirstValue(Claims.AuthenticationMethods), principal.FindFirstValue(Claims.IdentityProvider));
    }

    /// <summary>
    /// Whether the session was issued under the user's current security stamp. Identity re-checks the cookie only every
    /// <see cref="UserSessions.SecurityStampValidationInterval"/>; checking here too (the user is loaded anyway) means a
    /// session ended by "sign out everywhere" or a password change can no longer obtain codes or consent meanwhile.
    /// </summary>
    private bool HasCurrentSecurityStamp(ClaimsPrincipal principal, ApplicationUser user) =>
        string.Equals(principal.FindFirstValue(signIn.Options.ClaimsIdentity.SecurityStampClaimType), user.SecurityStamp, StringComparison.Ordinal);
}
