using IdentityHost.Admin;
using IdentityHost.Audit;
using Microsoft.AspNetCore.Identity;

namespace IdentityHost.Accounts;

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

    /// <summary>The user when the credentials are right and the account may sign in; otherwise null.</summary>
    public async Task<ApplicationUser?> CheckAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(username)
            ?? (username.Contains('@') ? await users.FindByEmailAsync(username) : null);
        if (user is null)
        {
            SpendOneHash(password);
            LogUnknownUser(logger);
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, "-", "password: unknown user");
            return null;
        }
        if (await users.IsLockedOutAsync(user))
        {
            SpendOneHash(password);
            LogLockedOut(logger, user.Id);
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, user.Id, "password: account locked");
            return null;
        }
        if (!await lockout.TryBeginAttemptAsync(user, cancellationToken))
        {
            // The account's remaining attempts are being evaluated, or it was locked a moment ago: refused like a lock.
            SpendOneHash(password);
            LogLockedOut(logger, user.Id);
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, user.Id, "password: account locked");
            return null;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            events.Record(AuditActors.Anonymous, AuditActions.SignInFailed, user.Id, "password: wrong password");
            if (await lockout.RecordFailureAsync(user, cancellationToken))
            {
                LogLockoutStarted(logger, user.Id);
                events.Record(AuditActors.System, AuditActions.UserLockedOut, user.Id, "after repeated password failures");
            }
            else
            {
                LogWrongPassword(logger, user.Id);
            }
            return null;
        }
        await lockout.RecordSuccessAsync(user, cancellationToken);
        events.Record(user.Id, AuditActions.SignInSucceeded, user.Id, "password");
        return user;
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
