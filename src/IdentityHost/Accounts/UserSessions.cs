using IdentityHost.Stores;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Accounts;

/// <summary>
/// Ending a user's sessions, in one place for the admin area, the admin API and the command line.
/// <para>"Sign out everywhere" changes the security stamp and revokes every authorization (and so every refresh
/// token and code) of the user. The new stamp ends browser sessions when Identity next re-validates the cookie
/// (<see cref="SecurityStampValidationInterval"/>), and makes any grant made under the old stamp
/// fail its next refresh. Access tokens already issued stay valid at resource servers until they expire (at most
/// <c>AccessTokenLifetime</c>); this server's own endpoints refuse those that belong to a revoked authorization.</para>
/// </summary>
public sealed class UserSessions(UserManager<ApplicationUser> users, TokenStore store)
{
    /// <summary>
    /// How often Identity re-checks a browser session's security stamp against the store (its default is 30
    /// minutes). A changed stamp — sign out everywhere, lock, password change — ends the session at the first request
    /// after this interval; an unchanged one costs one user lookup per interval per session and refreshes the
    /// session's roles.
    /// </summary>
    public static readonly TimeSpan SecurityStampValidationInterval = TimeSpan.FromMinutes(1);

    public async Task SignOutEverywhereAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        Check(await users.UpdateSecurityStampAsync(user));
        await store.RevokeAuthorizationsOfSubjectAsync(user.Id, cancellationToken);
    }

    /// <summary>Locks the account until unlocked (no end date) and signs it out everywhere.</summary>
    public async Task LockAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
        await SignOutEverywhereAsync(user, cancellationToken);
    }

    public async Task UnlockAsync(ApplicationUser user)
    {
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    /// <summary>Revokes the user's grants, then deletes the account (its logins, claims and roles go with it).</summary>
    public async Task DeleteAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        await store.RevokeAuthorizationsOfSubjectAsync(user.Id, cancellationToken);
        Check(await users.DeleteAsync(user));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new UserUpdateException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>Identity refused a change to a user (e.g. a concurrent edit of the same account).</summary>
public sealed class UserUpdateException(string message) : Exception(message);
