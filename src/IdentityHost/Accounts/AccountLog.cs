namespace IdentityHost.Accounts;

/// <summary>
/// Security events of the account pages and of logout, with stable event ids (failed password checks are logged by
/// <see cref="PasswordCredentialChecker"/>). User ids and client ids only: never a password, token or cookie.
/// </summary>
public static partial class AccountLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "User {UserId} signed in with a password.")]
    public static partial void SignedIn(ILogger logger, string userId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "User {UserId} signed out (client {ClientId}).")]
    public static partial void SignedOut(ILogger logger, string userId, string? clientId);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Password sign-in refused: no password hashing slot became free in time.")]
    public static partial void HashingBusy(ILogger logger);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "User {UserId} allowed client {ClientId} the scopes '{Scopes}'.")]
    public static partial void ConsentGranted(ILogger logger, string userId, string clientId, string scopes);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "User {UserId} denied client {ClientId}.")]
    public static partial void ConsentDenied(ILogger logger, string userId, string clientId);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Consent page refused a return URL that is not a valid authorization request: {Error}.")]
    public static partial void ConsentRequestInvalid(ILogger logger, string error);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "Sign-in page {Path} answered 503: the store is unavailable.")]
    public static partial void StoreUnavailable(ILogger logger, string path, Exception exception);
}
