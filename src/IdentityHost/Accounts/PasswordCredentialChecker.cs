using IdentityHost.Admin;
using IdentityHost.Audit;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Accounts;

/// <summary>
/// The outcome of a password check: the user when it passed. <see cref="LockedOut"/> says the account is locked (or
/// this failure locked it); sign-in never shows that (no user enumeration), only a signed-in user's own re-check does.
/// </summary>
public sealed record PasswordCheck(ApplicationUser? User, bool LockedOut = false)
{
    public static readonly PasswordCheck Failed = new((ApplicationUser?)null);
    public static readonly PasswordCheck Locked = new(null, LockedOut: true);
}

/// <summary>
/// Checks a username (or email) and password the way an attacker cannot learn from: an unknown user, a wrong
/// password and a locked-out account all fail alike and cost one password hash each. Failures count toward
/// Identity's lockout. Every outcome goes to the audit trail (the reason of a failure only there and in the log).
/// </summary>
public sealed partial class PasswordCredentialChecker(
    UserManager<ApplicationUser> users,
    IPasswordHasher<ApplicationUser> hasher,
    LockoutCounter lockout,
    SecurityEvents events,
    ILogger<PasswordCredentialChecker> logger)
{
    private static string? _dummyHash;

    /// <summary>Finds the user by username (or email) and checks the password; an unknown user fails alike.</summary>
    public async Task<PasswordCheck> CheckAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(username)
            ?? (username.Contains('@') ? await users.FindByEmailAsync(username) : null);
        if (user is null)
        {
            SpendOneHash(password);
            LogUnknownUser(logger);
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, "-", "password: unknown user");
            return PasswordCheck.Failed;
        }
        return await CheckAsync(user, password, cancellationToken);
    }

    /// <summary>
    /// The password of a known user: a sign-in once the user is found, and a signed-in user proving their password
    /// again (the account page's password change), counted and audited alike.
    /// </summary>
    public async Task<PasswordCheck> CheckAsync(ApplicationUser user, string password, CancellationToken cancellationToken)
    {
        if (await users.IsLockedOutAsync(user))
        {
            SpendOneHash(password);
            LogLockedOut(logger, user.Id);
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, user.Id, "password: account locked");
            return PasswordCheck.Locked;
        }
        if (!await lockout.TryBeginAttemptAsync(user, cancellationToken))
        {
            // The account's remaining attempts are being evaluated, or it was locked a moment ago: refused like a lock.
            SpendOneHash(password);
            LogLockedOut(logger, user.Id);
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, user.Id, "password: account locked");
            return PasswordCheck.Locked;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, user.Id, "password: wrong password");
            if (await lockout.RecordFailureAsync(user, cancellationToken))
            {
                LogLockoutStarted(logger, user.Id);
                events.Record(AuditActors.System, AuditActions.UserLockedOut, user.Id, "after repeated password failures");
                return PasswordCheck.Locked;
            }
            LogWrongPassword(logger, user.Id);
            return PasswordCheck.Failed;
        }
        await lockout.RecordSuccessAsync(user, cancellationToken);
        events.Record(user.Id, AuditActions.SignInSucceeded, user.Id, "password");
        return new(user);
    }

    private void SpendOneHash(string password)
    {
        var dummy = new ApplicationUser();
        _dummyHash ??= hasher.HashPassword(dummy, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(dummy, _dummyHash, password);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Password sign-in failed: unknown user.")]
    private static partial void LogUnknownUser(ILogger logger);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Password sign-in failed: wrong password for user {UserId}.")]
    private static partial void LogWrongPassword(ILogger logger, string userId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Password sign-in refused: user {UserId} is locked out.")]
    private static partial void LogLockedOut(ILogger logger, string userId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "User {UserId} is now locked out after repeated password failures.")]
    private static partial void LogLockoutStarted(ILogger logger, string userId);
}
