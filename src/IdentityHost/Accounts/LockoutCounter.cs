using IdentityHost.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdentityHost.Accounts;

/// <summary>
/// Identity lockout counted with single conditional updates rather than Identity's read-increment-write, which loses
/// counts when failures race (a bot sends them in parallel). Each password evaluation first claims one of the account's
/// remaining attempts, so of any number of parallel wrong passwords at most <c>MaxFailedAccessAttempts</c> are ever
/// compared with the account's hash before the lock; the rest are refused as if locked. The writes queue on the
/// <see cref="SqliteWriteGate"/> like every hot-path write: they happen while a hashing slot is held, which must not
/// sit idle in SQLite's busy handler while a pruning batch holds the lock.
/// </summary>
public sealed class LockoutCounter(IdentityHostDbContext db, SqliteWriteGate gate, IOptions<IdentityOptions> identity, TimeProvider time)
{
    /// <summary>
    /// Claims one attempt, counted as a failure until <see cref="RecordSuccessAsync"/> says otherwise. False when none is
    /// left: the attempts are used up by others in flight, or a lockout began since <paramref name="user"/> was read.
    /// </summary>
    public async Task<bool> TryBeginAttemptAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        if (!user.LockoutEnabled)
        {
            return true;
        }
        var readLockoutEnd = user.LockoutEnd;
        // Starting a lockout changes LockoutEnd, so a claim based on a read from before it matches nothing.
        return await gate.WriteAsync(db, () => db.Users
            .Where(u => u.Id == user.Id && u.AccessFailedCount < MaxFailures && u.LockoutEnd == readLockoutEnd)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken), cancellationToken) == 1;
    }

    /// <summary>After a wrong password (its attempt already counted); returns true when this failure locked the account.</summary>
    public async Task<bool> RecordFailureAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        if (!user.LockoutEnabled)
        {
            return false;
        }
        // Whichever failure sees the limit reached first starts the lockout and resets the count, once.
        var lockedUntil = time.GetUtcNow() + identity.Value.Lockout.DefaultLockoutTimeSpan;
        return await gate.WriteAsync(db, () => db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount >= MaxFailures)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnd, lockedUntil)
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken), cancellationToken) == 1;
    }

    /// <summary>After the right password: as in Identity, a success clears the failures counted so far.</summary>
    public async Task RecordSuccessAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        if (user.LockoutEnabled)
        {
            await gate.WriteAsync(db, () => db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0), cancellationToken), cancellationToken);
        }
    }

    private int MaxFailures => identity.Value.Lockout.MaxFailedAccessAttempts;
}
