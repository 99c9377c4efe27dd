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

    /// <summary>
    /// The user changes their own password, having proved the current one (<see cref="PasswordSignIn.ReauthenticateAsync"/>,
    /// which counts a wrong one toward lockout). One update writes the new hash and a new security stamp, as Identity's
    /// own change does; every grant is revoked too, so a thief holding a refresh token or another session loses it.
    /// The caller renews the session it is acting in.
    /// </summary>
    public async Task<IdentityResult> ChangePasswordAsync(ApplicationUser user, string newPassword, CancellationToken cancellationToken)
    {
        var valid = await ValidateAsync(user, newPassword);
        if (!valid.Succeeded) return valid;
        // The EF user store keeps the hash on the entity; the stamp update saves both (the current password is not
        // checked again: that check was the counted one).
        user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword);
        var result = await users.UpdateSecurityStampAsync(user);
        if (result.Succeeded)
        {
            await store.RevokeAuthorizationsOfSubjectAsync(user.Id, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// An operator sets a new password without the old one (a reset): validated first so a rejected one leaves the
    /// account as it was, then stamp changed and every grant revoked, as for <see cref="ChangePasswordAsync"/>.
    /// </summary>
    public async Task<IdentityResult> ResetPasswordAsync(ApplicationUser user, string newPassword, CancellationToken cancellationToken)
    {
        var valid = await ValidateAsync(user, newPassword);
        if (!valid.Succeeded) return valid;
        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user));
        }
        // AddPassword changes the security stamp.
        var result = await users.AddPasswordAsync(user, newPassword);
        if (result.Succeeded)
        {
            await store.RevokeAuthorizationsOfSubjectAsync(user.Id, cancellationToken);
        }
        return result;
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

    /// <summary>The password policy (Identity's validators), before anything is changed.</summary>
    private async Task<IdentityResult> ValidateAsync(ApplicationUser user, string newPassword)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, newPassword);
            if (!valid.Succeeded) return valid;
        }
        return IdentityResult.Success;
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
