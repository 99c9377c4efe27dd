using IdentityHost.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts;

/// <summary>
/// Counts a failed password with single atomic updates rather than Identity's read-increment-write, which loses
/// counts when failures race (a password-spraying bot sends them in parallel) and so would let it past the limit.
/// </summary>
public sealed class LockoutCounter(IdentityHostDbContext db, IOptions<IdentityOptions> identity, TimeProvider time)
{
    /// <summary>Returns true when this failure locked the account.</summary>
    public async Task<bool> RecordFailureAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        if (!user.LockoutEnabled)
        {
            return false;
        }
        var lockout = identity.Value.Lockout;
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken);

        // Whichever failure reaches the limit first starts the lockout and resets the count, once.
        var lockedUntil = time.GetUtcNow() + lockout.DefaultLockoutTimeSpan;
        return await db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount >= lockout.MaxFailedAccessAttempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnd, lockedUntil)
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken) == 1;
    }
}
