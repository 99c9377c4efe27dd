using IdentityHost.Throttling;

namespace IdentityHost.Accounts;

public enum PasswordSignInStatus
{
    Succeeded,
    /// <summary>Unknown user, wrong password or locked account: one answer for all (no user enumeration).</summary>
    Failed,
    /// <summary>No password hashing slot freed in time (503).</summary>
    Busy,
    /// <summary>A failure budget of this username or client IP is used up (429).</summary>
    Throttled,
    /// <summary>
    /// The account is locked out (or this failure locked it). Only <see cref="PasswordSignIn.ReauthenticateAsync"/>
    /// says so: a sign-in answers <see cref="Failed"/>.
    /// </summary>
    LockedOut,
}

/// <summary>The outcome of a password sign-in attempt; <see cref="RetryAfter"/> is set when Busy or Throttled.</summary>
public sealed record PasswordSignInResult(PasswordSignInStatus Status, ApplicationUser? User = null, TimeSpan? RetryAfter = null);

/// <summary>
/// The one way a username (or email) and password are checked — login page, link page, password grant, and the current
/// password of a password change: the failure budgets first (a refused attempt costs no hash), then a hashing slot,
/// then the credential check with its atomic lockout, and a failure spends the budgets. Successes spend nothing.
/// </summary>
public sealed class PasswordSignIn(PasswordCredentialChecker checker, PasswordHashGate gate, SignInThrottle throttle,
    ILogger<PasswordSignIn> logger)
{
    // Inputs beyond these are not credentials anyone uses; refusing them keeps junk away from the hasher and the
    // budgets' keys (they cannot succeed, so they are not guesses worth counting).
    public const int MaxUsernameLength = 256;
    public const int MaxPasswordLength = 1024;

    /// <summary>How long a client should wait when every hashing slot stayed taken.</summary>
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    public Task<PasswordSignInResult> SignInAsync(string username, string password, HttpContext context) =>
        AttemptAsync(username, password, context, revealLockout: false,
            cancellationToken => checker.CheckAsync(username, password, cancellationToken));

    /// <summary>
    /// The signed-in <paramref name="user"/> proves their password again (the account page's password change). It is
    /// a sign-in attempt in every way — the budgets of the account's username, the hashing slot, the lockout, the
    /// audit trail — so a session cannot be used to guess the password without limit. Unlike a sign-in, a locked
    /// account is reported as <see cref="PasswordSignInStatus.LockedOut"/>: whose account it is is no secret here.
    /// </summary>
    public Task<PasswordSignInResult> ReauthenticateAsync(ApplicationUser user, string password, HttpContext context) =>
        AttemptAsync(user.UserName ?? user.Id, password, context, revealLockout: true,
            cancellationToken => checker.CheckAsync(user, password, cancellationToken));

    private async Task<PasswordSignInResult> AttemptAsync(string username, string password, HttpContext context, bool revealLockout,
        Func<CancellationToken, Task<PasswordCheck>> check)
    {
        if (username.Length > MaxUsernameLength || password.Length > MaxPasswordLength)
        {
            return new(PasswordSignInStatus.Failed);
        }
        var clientAddress = ClientAddress.KeyOf(context);
        if (throttle.Refusal(username, clientAddress) is { } retryAfter)
        {
            return new(PasswordSignInStatus.Throttled, RetryAfter: retryAfter);
        }

        var cancellationToken = context.RequestAborted;
        var (ran, result) = await gate.TryRunAsync(() => check(cancellationToken), cancellationToken);
        if (!ran)
        {
            AccountLog.HashingBusy(logger);
            return new(PasswordSignInStatus.Busy, RetryAfter: BusyRetryAfter);
        }
        if (result.User is not { } user)
        {
            throttle.RecordFailure(username, clientAddress);
            return new(revealLockout && result.LockedOut ? PasswordSignInStatus.LockedOut : PasswordSignInStatus.Failed);
        }
        return new(PasswordSignInStatus.Succeeded, user);
    }
}
