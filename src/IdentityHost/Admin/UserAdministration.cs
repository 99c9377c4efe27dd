using IdentityHost.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IdentityHost.Admin;

/// <summary>A user as the admin area lists it.</summary>
public sealed record UserSummary(string Id, string? UserName, string? Email, bool EmailConfirmed, bool LockedOut, DateTimeOffset? LockoutEnd);

/// <summary>
/// The admin's user actions — search, lock, unlock, sign out everywhere, delete — each written to the audit log.
/// The mechanics are <see cref="UserSessions"/>'s, shared with the command line.
/// </summary>
public sealed class UserAdministration(UserManager<ApplicationUser> users, UserSessions sessions, AuditLog audit, TimeProvider time)
{
    /// <summary>Users whose username or email contains <paramref name="search"/> (case-insensitive), by username.</summary>
    public async Task<PagedList<UserSummary>> SearchAsync(string? search, int? pageNumber, int? size, CancellationToken cancellationToken)
    {
        var (page, pageSize) = PagedList<UserSummary>.Normalize(pageNumber, size);
        var query = users.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Identity's normalized columns are what its own look-ups use (upper case by default).
            var name = users.NormalizeName(search.Trim());
            var email = users.NormalizeEmail(search.Trim());
            query = query.Where(u => u.NormalizedUserName!.Contains(name) || u.NormalizedEmail!.Contains(email));
        }
        var total = await query.CountAsync(cancellationToken);
        var found = await query.OrderBy(u => u.UserName).ThenBy(u => u.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedList<UserSummary>(found.Select(Summarize).ToList(), page, pageSize, total);
    }

    public async Task<UserSummary?> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) is { } user ? Summarize(user) : null;

    /// <summary>A user named by id, username or email (in that order), as an admin may type any of them.</summary>
    public async Task<UserSummary?> ResolveAsync(string idOrName)
    {
        var user = await users.FindByIdAsync(idOrName) ?? await users.FindByNameAsync(idOrName)
            ?? (idOrName.Contains('@') ? await users.FindByEmailAsync(idOrName) : null);
        return user is null ? null : Summarize(user);
    }

    /// <summary>Locks until unlocked and signs out everywhere. An admin cannot lock themselves out this way.</summary>
    public Task<AdminResult> LockAsync(string userId, AdminActor actor, CancellationToken cancellationToken) =>
        ActAsync(userId, actor, AuditActions.UserLocked, refuseSelf: true, user => sessions.LockAsync(user, cancellationToken), cancellationToken);

    public Task<AdminResult> UnlockAsync(string userId, AdminActor actor, CancellationToken cancellationToken) =>
        ActAsync(userId, actor, AuditActions.UserUnlocked, refuseSelf: false, sessions.UnlockAsync, cancellationToken);

    public Task<AdminResult> SignOutEverywhereAsync(string userId, AdminActor actor, CancellationToken cancellationToken) =>
        ActAsync(userId, actor, AuditActions.UserSignedOutEverywhere, refuseSelf: false,
            user => sessions.SignOutEverywhereAsync(user, cancellationToken), cancellationToken);

    /// <summary>Deletes the account after revoking its grants. An admin cannot delete their own account this way.</summary>
    public Task<AdminResult> DeleteAsync(string userId, AdminActor actor, CancellationToken cancellationToken) =>
        ActAsync(userId, actor, AuditActions.UserDeleted, refuseSelf: true, user => sessions.DeleteAsync(user, cancellationToken), cancellationToken);

    private async Task<AdminResult> ActAsync(string userId, AdminActor actor, string action, bool refuseSelf,
        Func<ApplicationUser, Task> act, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AdminResult.NotFound;
        }
        // An admin who locks or deletes their own account may leave nobody able to administer the server.
        if (refuseSelf && user.Id == actor.Id)
        {
            return AdminResult.Refused;
        }
        var name = user.UserName ?? "";
        await act(user);
        await audit.WriteAsync(actor, action, userId, $"user '{name}'", cancellationToken);
        return AdminResult.Done;
    }

    private UserSummary Summarize(ApplicationUser user) => new(
        user.Id, user.UserName, user.Email, user.EmailConfirmed,
        user.LockoutEnabled && user.LockoutEnd > time.GetUtcNow(), user.LockoutEnd);
}
