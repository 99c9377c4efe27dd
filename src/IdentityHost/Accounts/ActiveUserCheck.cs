using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Accounts;

/// <summary>
/// Re-checks, on every refresh, that the user behind a grant may still have tokens: the account exists, is not
/// locked out, and its security stamp (changed by a password change or "sign out everywhere") is the one the
/// grant was made under.
/// </summary>
public sealed class ActiveUserCheck(UserManager<ApplicationUser> users)
{
    public async Task<ApplicationUser?> FindActiveAsync(string userId, string? securityStampHash)
    {
        var user = await users.FindByIdAsync(userId);
        return await IsActiveAsync(user, securityStampHash) ? user : null;
    }

    /// <summary>The same check for a user already loaded (with the grant that names it: <see cref="Stores.StoredGrant"/>).</summary>
    public async Task<bool> IsActiveAsync(ApplicationUser? user, string? securityStampHash)
    {
        if (user is null || securityStampHash is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }
        var current = StampHash(await users.GetSecurityStampAsync(user));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(securityStampHash));
    }

    /// <summary>The user if the account exists and is not locked out: all that can be checked for a token issued
    /// outside any grant family (no stamp was recorded for it).</summary>
    public async Task<ApplicationUser?> FindUnlockedAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        return user is null || await users.IsLockedOutAsync(user) ? null : user;
    }

    /// <summary>The stamp is secret material (it keys Identity's one-time tokens), so grants keep only its hash.</summary>
    public static string StampHash(string? stamp) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(stamp ?? "")));
}
